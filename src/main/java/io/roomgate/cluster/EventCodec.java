package io.roomgate.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Events as the JSON envelopes other nodes read: {@code n} the sending node, {@code e} the kind. */
final class EventCodec {

    private EventCodec() {
    }

    static String encode(String node, ClusterEvent event) {
        var json = Json.createObjectBuilder().add("n", node);
        if (event instanceof ClusterEvent.RoomBroadcast b) {
            json.add("e", "b");
            put(json, "t", b.tenant()).add("r", b.room()).add("f", b.frame());
            put(json, "x", b.exceptClientId());
        } else if (event instanceof ClusterEvent.UserKick k) {
            json.add("e", "k");
            put(json, "t", k.tenant()).add("u", k.userId()).add("f", k.frame());
            put(json, "r", k.room());
        } else if (event instanceof ClusterEvent.Revoked r) {
            json.add("e", "v");
            put(put(put(json, "t", r.tenant()), "j", r.jti()), "s", r.subject()).add("b", r.before()).add("k", r.keepUntil());
        } else if (event instanceof ClusterEvent.CountChanged c) {
            json.add("e", "c");
            put(json, "t", c.tenant()).add("r", c.room());
        } else if (event instanceof ClusterEvent.KeptBroadcast h) {
            // epoch, offset and payload travel outside the JSON: the script that assigns them writes them (decodeKept)
            json.add("e", "h");
            put(put(json, "t", h.tenant()).add("r", h.room()), "x", h.senderClientId());
            if (h.echo()) {
                put(json.add("y", true), "i", h.echoId());
            }
        }
        return json.build().toString();
    }

    /** The sending node of an envelope and its event. */
    record Envelope(String node, ClusterEvent event) {
    }

    static Envelope decode(String text) {
        if (text.startsWith(KEPT)) {
            return decodeKept(text);
        }
        JsonObject json = Json.createReader(new StringReader(text)).readObject();
        String t = text(json, "t");
        ClusterEvent event = switch (json.getString("e")) {
            case "b" -> new ClusterEvent.RoomBroadcast(t, json.getString("r"), json.getString("f"), text(json, "x"));
            case "k" -> new ClusterEvent.UserKick(t, json.getString("u"), text(json, "r"), json.getString("f"));
            case "v" -> new ClusterEvent.Revoked(t, text(json, "j"), text(json, "s"), json.getJsonNumber("b").longValue(),
                    json.getJsonNumber("k").longValue());
            case "c" -> new ClusterEvent.CountChanged(t, json.getString("r"));
            default -> throw new IllegalArgumentException("unknown event kind");
        };
        return new Envelope(json.getString("n"), event);
    }

    /** What starts a kept message as {@link Scripts#KEEP} publishes it: {@code #<offset> <epoch>\n<envelope>\n<payload>}. */
    static final String KEPT = "#";

    private static Envelope decodeKept(String text) {
        int space = text.indexOf(' ');
        int firstLine = text.indexOf('\n', space);
        int secondLine = text.indexOf('\n', firstLine + 1);
        JsonObject json = Json.createReader(new StringReader(text.substring(firstLine + 1, secondLine))).readObject();
        var event = new ClusterEvent.KeptBroadcast(text(json, "t"), json.getString("r"), text.substring(space + 1, firstLine),
                Long.parseLong(text.substring(KEPT.length(), space)), text.substring(secondLine + 1), text(json, "x"),
                json.containsKey("y"), text(json, "i"));
        return new Envelope(json.getString("n"), event);
    }

    private static JsonObjectBuilder put(JsonObjectBuilder json, String name, String value) {
        return value == null ? json : json.add(name, value);
    }

    private static String text(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value == null ? null : json.getString(name);
    }
}
