package io.roomgate.api;

import io.roomgate.auth.OriginPolicy;
import io.roomgate.config.Settings;
import io.roomgate.issuer.TokenIssuer;
import io.roomgate.protocol.FrameEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.logging.Logger;

/**
 * {@code POST /api/ws-token}: sessions for HTTP, JWT for the WebSocket. A web application whose
 * users log in through the container (any realm or SSO, protected by the WAR's {@code web.xml}
 * constraint) hands them a short-lived token for {@code /rooms} here.
 */
@Path("ws-token")
@ApplicationScoped
public class WsTokenResource {

    private static final Logger LOG = Logger.getLogger(WsTokenResource.class.getName());
    private static final String EXACT_PATH = "/api/ws-token";

    private TokenIssuer issuer;
    private ExchangeCallers callers;
    private SameOriginCheck origins;
    private ApiProblem problems;
    private boolean tenantExpected;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public WsTokenResource() {
    }

    @Inject
    public WsTokenResource(TokenIssuer issuer, Settings settings, FrameEncoder encoder) {
        this.issuer = issuer;
        this.callers = new ExchangeCallers(settings.issuer());
        this.origins = new SameOriginCheck(new OriginPolicy(settings.auth().allowedOrigins()));
        this.problems = new ApiProblem(encoder);
        this.tenantExpected = settings.issuer().tenantExpected();
    }

    @POST
    public Response exchange(@Context HttpServletRequest request) {
        // JAX-RS also routes "ws-token/" here, a path the deployer's SSO filters may not cover: only the
        // one path they are documented to protect hands out tokens (the raw URI: no decoding, no normalising)
        if (!issuer.enabled() || !request.getRequestURI().equals(request.getContextPath() + EXACT_PATH)) {
            // a body: without one, some containers (Payara's Jersey) answer with the server's HTML page
            return problems.ofStatus(Response.Status.NOT_FOUND.getStatusCode());
        }
        if (!origins.permits(request.getHeader("Origin"), request.getHeader(HttpHeaders.HOST),
                request.getHeader("Sec-Fetch-Site"))) {
            LOG.fine("Refused a token exchange from another origin");
            return problems.forbiddenOrigin();
        }
        var caller = callers.of(request);
        if (caller.isEmpty()) {
            // the constraint makes the container challenge first; this guards a deployment that dropped it
            return problems.notAuthenticated();
        }
        if (tenantExpected && caller.get().tenant().isEmpty()) {
            LOG.info(() -> "Refused a token exchange for " + caller.get().userId() + ": no tenant found for the caller");
            return problems.noTenant();
        }
        var token = issuer.issue(caller.get());
        LOG.fine(() -> "Issued a WebSocket token to " + caller.get().userId());
        return Response.ok(token.toJson(), MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(noStore())
                .header("Pragma", "no-cache")
                .build();
    }

    private static CacheControl noStore() {
        var cacheControl = new CacheControl();
        cacheControl.setNoStore(true);
        cacheControl.setNoCache(true);
        return cacheControl;
    }
}
