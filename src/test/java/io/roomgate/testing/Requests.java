package io.roomgate.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Client frames as a client library would write them. */
public final class Requests {

    private Requests() {
    }

    public static String frame(String type, String id, JsonObject payload) {
        JsonObjectBuilder frame = Json.createObjectBuilder().add("type", type);
        if (id != null) {
            frame.add("id", id);
        }
        return frame.add("payload", payload).build().toString();
    }

    public static String join(String room, String id) {
        return frame("room:join", id, Json.createObjectBuilder().add("room", room).build());
    }

    public static String leave(String room, String id) {
        return frame("room:leave", id, Json.createObjectBuilder().add("room", room).build());
    }

    public static String presence(String room, String id) {
        return frame("room:presence", id, Json.createObjectBuilder().add("room", room).build());
    }

    public static String send(String room, JsonValue data) {
        return frame("room:send", null, Json.createObjectBuilder().add("room", room).add("data", data).build());
    }

    public static String send(String room, String event, JsonValue data, boolean echo, String id) {
        return frame("room:send", id, Json.createObjectBuilder()
                .add("room", room).add("event", event).add("data", data).add("echo", echo).build());
    }

    public static String kick(String room, String userId, String reason, Long banSeconds, String id) {
        var payload = Json.createObjectBuilder().add("room", room).add("userId", userId);
        if (reason != null) {
            payload.add("reason", reason);
        }
        if (banSeconds != null) {
            payload.add("banSeconds", banSeconds);
        }
        return frame("mod:kick", id, payload.build());
    }

    public static String ping(String id) {
        return frame("ping", id, JsonValue.EMPTY_JSON_OBJECT);
    }

    public static String refresh(String token, String id) {
        return frame("token:refresh", id, Json.createObjectBuilder().add("token", token).build());
    }

    public static JsonObject text(String text) {
        return Json.createObjectBuilder().add("text", text).build();
    }
}
