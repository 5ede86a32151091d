package io.roomgate.api;

import io.roomgate.config.Settings;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.RoomName;
import io.roomgate.rooms.RoomKey;
import io.roomgate.rooms.RoomRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A room through the HTTP API (PROTOCOL §7), for admins and the server bypass, in the tenant they
 * may act in: {@code POST /api/rooms/{room}/messages}, {@code GET /api/rooms/{room}/presence} and
 * {@code GET /api/rooms/{room}/history} (PROTOCOL §8).
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
    private int historySize;

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
        this.historySize = settings.rooms().history().size();
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
        return readable(room, tenant, context, key -> {
            var snapshot = registry.snapshot(key, Optional.ofNullable(after).filter(name -> !name.isEmpty())).snapshot(room);
            return Response.ok(encoder.encodeBody(snapshot), MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    /**
     * PROTOCOL §8: the first {@code limit} kept messages after offset {@code since} (default 0), oldest
     * first; {@code limit} defaults to the history size and is capped at it.
     */
    @GET
    @Path("history")
    public Response history(@PathParam("room") String room, @QueryParam("tenant") String tenant,
                            @QueryParam("since") String since, @QueryParam("limit") String limit,
                            @Context SecurityContext context) {
        return readable(room, tenant, context, key -> {
            long after;
            long most;
            try {
                after = number(since, 0, "since");
                most = Math.min(number(limit, historySize, "limit"), historySize);
            } catch (InvalidRequest invalid) {
                return problems.malformed(invalid.field());
            }
            var history = registry.history().map(store -> {
                var slice = store.read(key.tenant(), key.name(), after, (int) most);
                return new Payloads.History(room, slice.position().epoch(), slice.position().offset(),
                        slice.messages().stream().map(kept -> parse(kept.payload())).toList());
            }).orElseGet(() -> new Payloads.History(room, null, 0, List.of()));
            return Response.ok(encoder.encodeBody(history), MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    /** The checks every read of a room shares: role, room name, tenant; then {@code read} in the caller's scope. */
    private Response readable(String room, String tenant, SecurityContext context, Function<RoomKey, Response> read) {
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
        return read.apply(new RoomKey(scope.get().tenant(), room));
    }

    /** A query parameter that is a non-negative integer; absent or empty: {@code otherwise}. */
    private static long number(String value, long otherwise, String field) throws InvalidRequest {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below, whatever the parser says
        }
        throw new InvalidRequest(field);
    }

    /** A kept payload back into JSON for the answer's list: it was encoded by this application, so it parses. */
    private static JsonValue parse(String payload) {
        try (var reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
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
