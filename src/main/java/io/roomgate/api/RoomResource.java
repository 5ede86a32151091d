package io.roomgate.api;

import io.roomgate.config.Settings;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.protocol.RoomName;
import io.roomgate.rooms.RoomKey;
import io.roomgate.rooms.RoomRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Optional;

/**
 * A room through the HTTP API (PROTOCOL §7), for admins and the server bypass, in the tenant they
 * may act in: {@code POST /api/rooms/{room}/messages} and {@code GET /api/rooms/{room}/presence}.
 */
@Path("rooms/{room}")
@BearerAuthenticated
@ApplicationScoped
public class RoomResource {

    private static final String DEFAULT_EVENT = "message";

    private RoomRegistry registry;
    private ApiAccess access;
    private ApiProblem problems;
    private FrameEncoder encoder;
    private int maxBodyChars;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public RoomResource() {
    }

    @Inject
    public RoomResource(RoomRegistry registry, Settings settings, FrameEncoder encoder) {
        this.registry = registry;
        this.access = new ApiAccess(settings);
        this.problems = new ApiProblem(encoder);
        this.encoder = encoder;
        // what a client may send in one room:send frame
        this.maxBodyChars = settings.limits().frameBytes();
    }

    /** {@code {event?, data, tenant?}}: 202, and every member connection gets {@code room:message} from {@code server}. */
    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("room") String room, String body, @Context SecurityContext context) {
        var caller = access.adminOrServer(context);
        if (caller.isEmpty()) {
            return problems.forbidden();
        }
        if (!RoomName.isValid(room)) {
            return problems.invalidRoomName();
        }
        JsonObject json;
        String event;
        Optional<String> tenant;
        try {
            json = JsonBody.parse(body, maxBodyChars);
            event = event(json);
            tenant = JsonBody.optionalId(json, "tenant");
            if (!json.containsKey("data")) {
                throw new InvalidRequest("data");
            }
        } catch (InvalidRequest invalid) {
            return problems.malformed(invalid.field());
        }
        var scope = ApiAccess.scope(caller.get(), tenant);
        if (scope.isEmpty()) {
            return problems.forbidden();
        }
        registry.publish(new RoomKey(scope.get().tenant(), room), event, json.get("data"));
        return Response.accepted().build();
    }

    /** The room's users as §2.0's snapshot: the first {@code roomgate.presence.snapshot-limit} after {@code after}, and the count. */
    @GET
    @Path("presence")
    public Response presence(@PathParam("room") String room, @QueryParam("tenant") String tenant,
                             @QueryParam("after") String after, @Context SecurityContext context) {
        var caller = access.adminOrServer(context);
        if (caller.isEmpty()) {
            return problems.forbidden();
        }
        if (!RoomName.isValid(room)) {
            return problems.invalidRoomName();
        }
        var named = Optional.ofNullable(tenant).filter(name -> !name.isEmpty());
        if (named.isPresent() && !JsonBody.isId(named.get())) {
            return problems.malformed("tenant");
        }
        var scope = ApiAccess.scope(caller.get(), named);
        if (scope.isEmpty()) {
            return problems.forbidden();
        }
        var snapshot = registry.snapshot(new RoomKey(scope.get().tenant(), room),
                Optional.ofNullable(after).filter(name -> !name.isEmpty())).snapshot(room);
        return Response.ok(encoder.encodeBody(snapshot), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static String event(JsonObject json) throws InvalidRequest {
        if (!json.containsKey("event")) {
            return DEFAULT_EVENT;
        }
        if (json.get("event") instanceof JsonString text) {
            return text.getString();
        }
        throw new InvalidRequest("event");
    }
}
