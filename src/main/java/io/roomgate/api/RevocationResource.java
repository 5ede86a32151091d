package io.roomgate.api;

import io.roomgate.audit.AuditEntry;
import io.roomgate.audit.AuditLog;
import io.roomgate.auth.Revocations;
import io.roomgate.metrics.RoomgateMetrics;
import io.roomgate.config.Settings;
import io.roomgate.protocol.FrameEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code POST /api/revocations} (PROTOCOL §7), for admins: 204 once the revocation is stored and
 * the closing error is queued to the live connections it covers.
 */
@Path("revocations")
@BearerAuthenticated
@ApplicationScoped
public class RevocationResource {

    private static final Logger LOG = Logger.getLogger(RevocationResource.class.getName());
    private static final String FORBIDDEN = "insufficient_permissions";

    private Revocations revocations;
    private Set<String> adminRoles;
    private ApiProblem problems;
    private AuditLog audit;
    private RoomgateMetrics metrics;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public RevocationResource() {
    }

    @Inject
    public RevocationResource(Revocations revocations, Settings settings, FrameEncoder encoder, AuditLog audit,
                              RoomgateMetrics metrics) {
        this.revocations = revocations;
        this.audit = audit;
        this.metrics = metrics;
        this.adminRoles = settings.claims().adminRoles();
        this.problems = new ApiProblem(encoder);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response revoke(String body, @Context SecurityContext caller) {
        var entry = audit(caller);
        if (adminRoles.stream().noneMatch(caller::isUserInRole)) {
            entry.refused(FORBIDDEN);
            return problems.forbidden();
        }
        RevocationRequest request;
        try {
            request = RevocationRequest.parse(body);
        } catch (RevocationRequest.Invalid invalid) {
            entry.refused("malformed_request");
            return problems.malformed(invalid.field());
        }
        // An admin whose token names a tenant revokes in that tenant only; one without, in any.
        if (!(caller.getUserPrincipal() instanceof ApiCaller.Caller admin)) {
            entry.refused(FORBIDDEN);
            return problems.forbidden();
        }
        String tenant = admin.tenant() != null ? admin.tenant() : request.tenant();
        if (request.tenant() != null && !request.tenant().equals(tenant)) {
            entry.refused(FORBIDDEN);
            return problems.forbidden();
        }
        entry.with("scope", tenant == null ? "*" : tenant);
        String scope = tenant == null ? "every tenant" : "tenant " + tenant;
        if (request instanceof RevocationRequest.OfToken token) {
            revocations.revokeToken(tenant, token.jti(), token.exp());
            entry.with("revokedJti", token.jti());
            LOG.info(() -> "Token " + token.jti() + " revoked in " + scope + " by " + admin.getName());
        } else if (request instanceof RevocationRequest.OfSubject subject) {
            revocations.revokeSubject(tenant, subject.sub(), subject.before());
            entry.with("revokedSub", subject.sub()).with("issuedBefore", subject.before());
            LOG.info(() -> "Tokens of " + subject.sub() + " issued before " + subject.before() + " revoked in " + scope
                    + " by " + admin.getName());
        }
        metrics.revoked();
        entry.accepted();
        return Response.noContent().build();
    }

    /** The caller is known by its principal: what the container hands back may wrap the SecurityContext set for it. */
    private AuditEntry audit(SecurityContext caller) {
        var entry = audit.revocation();
        if (caller.getUserPrincipal() instanceof ApiCaller.Caller admin) {
            entry.with("sub", admin.getName()).with("tenant", admin.tenant());
        }
        return entry;
    }
}
