package bench.peer;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /rooms}: the handshake's token verified as the socket opens ({@code hub:connected}, or
 * {@code hub:error unauthorized} and close 1008), then {@code room:join}, {@code room:leave},
 * {@code room:send}, {@code room:presence} and {@code ping}. Every handler runs on the event loop:
 * none of them blocks, and the one core the bench gives the server is spared a hop to a worker.
 */
@WebSocket(path = "/rooms")
public class RoomsEndpoint {

    private static final TypedKey<Member> MEMBER = new TypedKey<>("member");
    private static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final CloseReason UNAUTHORIZED = new CloseReason(1008, "Unauthorized");
    private static final Set<String> ROOM_TYPES = Set.of("room:join", "room:leave", "room:send", "room:presence");

    private final TokenCheck tokens;
    private final Rooms rooms;
    private final Optional<String> defaultRoom;

    RoomsEndpoint(TokenCheck tokens, Rooms rooms, @ConfigProperty(name = "roomgate.rooms.default") Optional<String> defaultRoom) {
        this.tokens = tokens;
        this.rooms = rooms;
        this.defaultRoom = defaultRoom;
    }

    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection connection) {
        var verdict = Credentials.of(connection.handshakeRequest()).map(tokens::check)
                .orElse(new TokenCheck.Verdict(null, "JWT required"));
        if (verdict.token() == null) {
            connection.sendText(Frames.error("unauthorized", verdict.refusal(), null))
                    .onTermination().call(() -> connection.close(UNAUTHORIZED))
                    .subscribe().with(closed -> { }, failed -> { });
            return;
        }
        var token = verdict.token();
        // getName(): upn, else preferred_username, else sub
        var member = new Member(token.getSubject(), token.getName(), connection);
        connection.userData().put(MEMBER, member);
        // joined first, as Roomgate does: a member that has hub:connected is told of every later joiner
        defaultRoom.ifPresent(room -> rooms.join(member, room));
        member.send(Frames.connected(member, token.getGroups(), token.getExpirationTime(), defaultRoom.stream().toList()));
    }

    @OnTextMessage
    @NonBlocking
    public void frame(WebSocketConnection connection, String text) {
        var member = connection.userData().get(MEMBER);
        if (member == null) {
            return;
        }
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            member.send(Frames.error("bad_request", "Malformed frame", null));
            return;
        }
        String id = frame.getValue("id") instanceof String value && value.length() <= 64 ? value : null;
        JsonObject payload = frame.getValue("payload") instanceof JsonObject value ? value : new JsonObject();
        String type = frame.getValue("type") instanceof String value ? value : "";
        if ("ping".equals(type)) {
            member.send(Frames.pong(id));
            return;
        }
        if (!ROOM_TYPES.contains(type)) {
            member.send(Frames.error("bad_request", "Unknown type", id));
            return;
        }
        String room = payload.getValue("room") instanceof String value ? value : "";
        if (!ROOM_NAME.matcher(room).matches()) {
            member.send(Frames.error("bad_request", "Invalid room name", id));
            return;
        }
        switch (type) {
            case "room:join" -> member.send(Frames.joined(room, rooms.join(member, room), id));
            case "room:leave" -> member.send(rooms.leave(member, room) ? Frames.left(room, id)
                    : Frames.error("not_found", "Not a member of this room", id));
            case "room:send" -> send(member, room, payload, id);
            default -> {
                var page = rooms.presence(member, room, payload.getValue("after") instanceof String after ? after : null);
                member.send(page != null ? Frames.presence(room, page, id)
                        : Frames.error("forbidden", "Not a member of this room", id));
            }
        }
    }

    private void send(Member member, String room, JsonObject payload, String id) {
        if (!payload.containsKey("data")) {
            member.send(Frames.error("bad_request", "Malformed frame", id));
            return;
        }
        String event = payload.getValue("event") instanceof String value ? value : "message";
        boolean echo = Boolean.TRUE.equals(payload.getValue("echo"));
        if (!rooms.send(member, room, Frames.message(room, event, payload.getValue("data"), member), echo)) {
            member.send(Frames.error("forbidden", "Not a member of this room", id));
        }
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        var member = connection.userData().get(MEMBER);
        if (member != null) {
            rooms.leaveAll(member);
        }
    }
}
