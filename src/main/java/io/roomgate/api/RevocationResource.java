package io.roomgate.api;

import io.roomgate.audit.AuditEntry;
import io.roomgate.audit.AuditLog;
import io.roomgate.auth.Revocations;
import io.roomgate.auth.TooManyRevocations;
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
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code POST /api/revocations} (PROTOCOL §7), for admins, in their own tenant: 204 once the
 * revocation is stored and the closing error is queued to the live connections it covers.
 */
@Path("revocations")
@BearerAuthenticated
@ApplicationScoped
public class RevocationResource {

    private static final Logger LOG = Logger.getLogger(RevocationResource.class.getName());
    private static final String FORBIDDEN = "insufficient_permissions";

    private Revocations revocations;
    private ApiAccess access;
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
        this.access = new ApiAccess(settings);
        this.audit = audit;
        this.metrics = metrics;
        this.problems = new ApiProblem(encoder);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response revoke(String body, @Context SecurityContext context) {
        var entry = audit(context);
        var admin = access.admin(context);
        if (admin.isEmpty()) {
            entry.refused(FORBIDDEN);
            return problems.forbidden();
        }
        RevocationRequest request;
        try {
            request = RevocationRequest.parse(body);
        } catch (InvalidRequest invalid) {
            entry.refused("malformed_request");
            return problems.malformed(invalid.field());
        }
        var scope = ApiAccess.scope(admin.get(), request.tenant());
        if (scope.isEmpty()) {
            entry.refused(FORBIDDEN);
            return problems.forbidden();
        }
        String tenant = scope.get().tenant();
        entry.with("scope", tenant);
        String where = tenant == null ? "the tenant-less scope" : "tenant " + tenant;
        try {
            if (request instanceof RevocationRequest.OfToken token) {
                revocations.revokeToken(tenant, token.jti());
                entry.with("revokedJti", token.jti());
                LOG.info(() -> "Token " + token.jti() + " revoked in " + where + " by " + admin.get().userId());
            } else if (request instanceof RevocationRequest.OfSubject subject) {
                revocations.revokeSubject(tenant, subject.sub(), subject.before());
                entry.with("revokedSub", subject.sub()).with("issuedBefore", subject.before());
                LOG.info(() -> "Tokens of " + subject.sub() + " issued before " + subject.before() + " revoked in " + where
                        + " by " + admin.get().userId());
            }
        } catch (TooManyRevocations full) {
            entry.refused("too_many_requests");
            LOG.warning(() -> "Revocation refused: " + where + " holds the most revocations roomgate.limits.revocations allows");
            return problems.tooManyRequests(Map.of("limit", "revocations"));
        }
        metrics.revoked();
        entry.accepted();
        return Response.noContent().build();
    }

    /** The caller is known by its principal: what the container hands back may wrap the SecurityContext set for it. */
    private AuditEntry audit(SecurityContext caller) {
        var entry = audit.revocation();
        if (caller.getUserPrincipal() instanceof ApiCaller.Caller admin) {
            entry.with("sub", admin.getName()).with("tenant", admin.identity().tenant());
        }
        return entry;
    }
}
