package io.roomgate.api;

import io.roomgate.auth.AuthFailure;
import io.roomgate.auth.Authenticator;
import io.roomgate.auth.TokenRejectedException;
import io.roomgate.config.Settings;
import io.roomgate.limits.AddressLimiter;
import io.roomgate.net.ClientAddressResolver;
import io.roomgate.protocol.FrameEncoder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Logger;

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

    private static final Logger LOG = Logger.getLogger(ApiAuthentication.class.getName());
    private static final String SCHEME = "Bearer ";
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private Authenticator authenticator;
    private AddressLimiter addressLimiter;
    private ClientAddressResolver addresses;
    private ApiProblem problems;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public ApiAuthentication() {
    }

    @Inject
    public ApiAuthentication(Authenticator authenticator, AddressLimiter addressLimiter, Settings settings, FrameEncoder encoder) {
        this.authenticator = authenticator;
        this.addressLimiter = addressLimiter;
        this.addresses = new ClientAddressResolver(settings.trustedProxies());
        this.problems = new ApiProblem(encoder);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String client = clientAddress(request);
        var blocked = addressLimiter.blocked(client);
        if (blocked.isPresent()) {
            request.abortWith(problems.tooManyRequests(blocked.get().details(), blocked.get().retryAfterMillis()));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || header.substring(SCHEME.length()).isBlank()) {
            request.abortWith(problems.unauthorized(AuthFailure.REQUIRED.problem(), false));
            return;
        }
        try {
            var identity = authenticator.authenticate(header.substring(SCHEME.length()).trim());
            request.setSecurityContext(new ApiCaller(identity, request.getSecurityContext().isSecure()));
        } catch (TokenRejectedException e) {
            addressLimiter.failedAuthentication(client);
            // no request path in the line: it is client text
            LOG.info(() -> "Refused API call from " + client + ": " + e.failure().logCode());
            request.abortWith(problems.unauthorized(e.failure().problem(), true));
        }
    }

    private String clientAddress(ContainerRequestContext request) {
        var peer = request.getProperty(ApiPeerAddress.PROPERTY);
        var forwardedFor = request.getHeaders().get(FORWARDED_FOR);
        return addresses.resolve(peer instanceof String text ? text : null, forwardedFor == null ? List.of() : forwardedFor);
    }
}
