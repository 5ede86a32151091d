package bench.peer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;

/** The server → client frames of PROTOCOL.md the peer sends, encoded once per frame. */
final class Frames {

    private Frames() {
    }

    static String connected(Member member, Collection<String> roles, long exp, List<String> rooms) {
        return frame("hub:connected", null, new JsonObject()
                .put("userId", member.userId()).put("username", member.username())
                .put("roles", new JsonArray(List.copyOf(roles))).putNull("tenant")
                .put("clientId", member.connection().id()).put("exp", exp).put("rooms", new JsonArray(rooms)));
    }

    static String error(String code, String message, String id) {
        return frame("hub:error", id, new JsonObject().put("code", code).put("message", message).put("details", new JsonObject()));
    }

    static String joined(String room, Room.Snapshot snapshot, String id) {
        return frame("room:joined", id, snapshot(room, snapshot));
    }

    static String presence(String room, Room.Snapshot snapshot, String id) {
        return frame("room:presence", id, snapshot(room, snapshot));
    }

    static String left(String room, String id) {
        return frame("room:left", id, new JsonObject().put("room", room));
    }

    static String message(String room, String event, Object data, Member from) {
        return frame("room:message", null, new JsonObject().put("room", room).put("event", event).put("data", data)
                .put("from", who(from)).put("ts", System.currentTimeMillis()));
    }

    static String userJoined(String room, Member member) {
        return frame("room:presence", null, new JsonObject().put("room", room).put("joined", who(member)));
    }

    static String userLeft(String room, String userId) {
        return frame("room:presence", null, new JsonObject().put("room", room).put("left", new JsonObject().put("userId", userId)));
    }

    static String count(String room, int count) {
        return frame("room:presence", null, new JsonObject().put("room", room).put("count", count));
    }

    static String pong(String id) {
        return frame("pong", id, new JsonObject());
    }

    private static JsonObject snapshot(String room, Room.Snapshot snapshot) {
        var members = new JsonArray();
        snapshot.members().forEach((userId, username) -> members.add(new JsonObject().put("userId", userId).put("username", username)));
        var payload = new JsonObject().put("room", room).put("members", members).put("count", snapshot.count());
        return snapshot.truncated() ? payload.put("truncated", true) : payload;
    }

    private static JsonObject who(Member member) {
        return new JsonObject().put("userId", member.userId()).put("username", member.username());
    }

    private static String frame(String type, String id, JsonObject payload) {
        var frame = new JsonObject().put("type", type);
        if (id != null) {
            frame.put("id", id);
        }
        return frame.put("payload", payload).encode();
    }
}
