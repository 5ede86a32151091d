package io.roomgate.api;

import io.roomgate.audit.AuditLog;
import io.roomgate.auth.Identity;
import io.roomgate.cluster.ClusterUnavailableException;
import io.roomgate.config.Settings;
import io.roomgate.metrics.RoomgateMetrics;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.rooms.RoomRegistry;
import io.roomgate.rooms.UserKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code POST /api/users/{userId}/disconnect {reason?, tenant?}} (PROTOCOL §7), for admins, in their
 * own tenant: 204, and every connection of the user gets {@code user:kicked} (room null, {@code by}
 * the admin) and is closed 1008 {@code Kicked by moderator}. A user with no connection is no error:
 * on a cluster no node can tell.
 */
@Path("users/{userId}")
@BearerAuthenticated
@ApplicationScoped
public class UserResource {

    private static final Logger LOG = Logger.getLogger(UserResource.class.getName());

    private RoomRegistry registry;
    private ApiAccess access;
    private ApiProblem problems;
    private AuditLog audit;
    private RoomgateMetrics metrics;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public UserResource() {
    }

    @Inject
    public UserResource(RoomRegistry registry, Settings settings, FrameEncoder encoder, AuditLog audit, RoomgateMetrics metrics) {
        this.registry = registry;
        this.access = new ApiAccess(settings);
        this.problems = new ApiProblem(encoder);
        this.audit = audit;
        this.metrics = metrics;
    }

    @POST
    @Path("disconnect")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response disconnect(@PathParam("userId") String userId, String body, @Context SecurityContext context) {
        var admin = access.admin(context);
        if (admin.isEmpty()) {
            return problems.forbidden();
        }
        if (!JsonBody.isId(userId)) {
            return problems.malformed("userId");
        }
        Optional<String> reason;
        Optional<String> tenant;
        try {
            // no body at all reads as {}: nothing to say but whom
            JsonObject json = body == null || body.isEmpty() ? JsonValue.EMPTY_JSON_OBJECT : JsonBody.parse(body, JsonBody.MAX_SMALL_BODY_CHARS);
            reason = JsonBody.optionalId(json, "reason");
            tenant = JsonBody.optionalId(json, "tenant");
        } catch (InvalidRequest invalid) {
            return problems.malformed(invalid.field());
        }
        var scope = ApiAccess.scope(admin.get(), tenant);
        var entry = audit.moderation("api:disconnect").who(admin.get()).with("target", userId);
        // the bypass identity cannot be kicked (PROTOCOL §1)
        if (scope.isEmpty() || Identity.SERVER_USER.equals(userId)) {
            entry.refused("insufficient_permissions");
            return problems.forbidden();
        }
        try {
            registry.disconnect(new UserKey(scope.get().tenant(), userId), admin.get().userId(), reason);
        } catch (ClusterUnavailableException notEverywhere) {
            entry.refused("unavailable");
            throw notEverywhere;
        }
        metrics.disconnected();
        entry.accepted();
        LOG.info(() -> "User " + userId + (scope.get().tenant() == null ? "" : " of tenant " + scope.get().tenant())
                + " disconnected by " + admin.get().userId());
        return Response.noContent().build();
    }
}
