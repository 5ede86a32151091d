package io.roomgate.api;

import io.roomgate.auth.Revocations;
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

    private Revocations revocations;
    private Set<String> adminRoles;
    private ApiProblem problems;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public RevocationResource() {
    }

    @Inject
    public RevocationResource(Revocations revocations, Settings settings, FrameEncoder encoder) {
        this.revocations = revocations;
        this.adminRoles = settings.claims().adminRoles();
        this.problems = new ApiProblem(encoder);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response revoke(String body, @Context SecurityContext caller) {
        if (adminRoles.stream().noneMatch(caller::isUserInRole)) {
            return problems.forbidden();
        }
        RevocationRequest request;
        try {
            request = RevocationRequest.parse(body);
        } catch (RevocationRequest.Invalid invalid) {
            return problems.malformed(invalid.field());
        }
        // An admin whose token names a tenant revokes in that tenant only; one without, in any.
        if (!(caller.getUserPrincipal() instanceof ApiCaller.Caller admin)) {
            return problems.forbidden();
        }
        String tenant = admin.tenant() != null ? admin.tenant() : request.tenant();
        if (request.tenant() != null && !request.tenant().equals(tenant)) {
            return problems.forbidden();
        }
        String scope = tenant == null ? "every tenant" : "tenant " + tenant;
        if (request instanceof RevocationRequest.OfToken token) {
            revocations.revokeToken(tenant, token.jti(), token.exp());
            LOG.info(() -> "Token " + token.jti() + " revoked in " + scope + " by " + admin.getName());
        } else if (request instanceof RevocationRequest.OfSubject subject) {
            revocations.revokeSubject(tenant, subject.sub(), subject.before());
            LOG.info(() -> "Tokens of " + subject.sub() + " issued before " + subject.before() + " revoked in " + scope
                    + " by " + admin.getName());
        }
        return Response.noContent().build();
    }
}
