package io.roomgate.api;

import io.roomgate.audit.AuditEntry;
import io.roomgate.audit.AuditLog;
import io.roomgate.auth.AuthFailure;
import io.roomgate.auth.AuthStage;
import io.roomgate.auth.Carrier;
import io.roomgate.auth.Authenticator;
import io.roomgate.auth.TokenRejectedException;
import io.roomgate.limits.AddressLimiter;
import io.roomgate.protocol.FrameEncoder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Every API call carries {@code Authorization: Bearer <token>}, verified by the same
 * {@link Authenticator} as the WebSocket handshake (so revoked tokens and the server-bypass secret
 * count here as there). The container's MP-JWT is not involved: it would be a second verifier
 * with its own configuration. A refused token counts against the caller's address like one on the
 * socket (PROTOCOL §5), and an address blocked for that is refused here too (429).
 */
@Provider
@BearerAuthenticated
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class ApiAuthentication implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";

    private Authenticator authenticator;
    private AddressLimiter addressLimiter;
    private ApiProblem problems;
    private AuditLog audit;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public ApiAuthentication() {
    }

    @Inject
    public ApiAuthentication(Authenticator authenticator, AddressLimiter addressLimiter, FrameEncoder encoder, AuditLog audit) {
        this.authenticator = authenticator;
        this.addressLimiter = addressLimiter;
        this.audit = audit;
        this.problems = new ApiProblem(encoder);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String client = CallerAddress.client(request);
        var blocked = addressLimiter.blocked(client);
        if (blocked.isPresent()) {
            request.abortWith(problems.tooManyRequests(blocked.get().details(), blocked.get().retryAfterMillis()));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || header.substring(SCHEME.length()).isBlank()) {
            audit(request, null).refused(AuthFailure.REQUIRED);
            request.abortWith(problems.unauthorized(AuthFailure.REQUIRED.problem(), false));
            return;
        }
        try {
            var identity = authenticator.authenticate(header.substring(SCHEME.length()).trim());
            request.setSecurityContext(new ApiCaller(identity, request.getSecurityContext().isSecure()));
            audit(request, Carrier.HEADER).who(identity).accepted();
        } catch (TokenRejectedException e) {
            addressLimiter.failedAuthentication(client);
            audit(request, Carrier.HEADER).refused(e.failure());
            request.abortWith(problems.unauthorized(e.failure().problem(), true));
        }
    }

    private AuditEntry audit(ContainerRequestContext request, Carrier carrier) {
        return audit.authentication(AuthStage.API, carrier).client(CallerAddress.client(request))
                .origin(request.getHeaderString("Origin"));
    }
}
