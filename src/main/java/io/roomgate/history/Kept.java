package io.roomgate.history;

import jakarta.json.Json;

/**
 * A kept {@code room:message}: its place in the room's history and its frame, encoded once and sent
 * as it is to every member, live or replayed (the same bytes, the same {@code ts}).
 */
public record Kept(String epoch, long offset, String frame) {

    private static final String PREFIX = "{\"type\":\"room:message\",\"payload\":";

    /**
     * @param payload the message's payload as encoded without an offset: a JSON object, whose
     *                closing brace the offset goes in front of (the field that comes last on the wire)
     */
    public static Kept of(String epoch, long offset, String payload) {
        return new Kept(epoch, offset, PREFIX + withOffset(payload, offset) + "}");
    }

    /** A message as a store keeps it: {@code payload} ends with its offset already. */
    public static Kept stored(String epoch, long offset, String payload) {
        return new Kept(epoch, offset, PREFIX + payload + "}");
    }

    /** {@code payload} with {@code "offset":N} as its last field. */
    public static String withOffset(String payload, long offset) {
        return payload.substring(0, payload.length() - 1) + ",\"offset\":" + offset + "}";
    }

    /** The payload alone: what the HTTP API lists. */
    public String payload() {
        return frame.substring(PREFIX.length(), frame.length() - 1);
    }

    /** The same message as the direct reply to a frame (the sender's echo), carrying its {@code id} when it has one. */
    public String reply(String id) {
        if (id == null) {
            return frame;
        }
        return "{\"type\":\"room:message\",\"id\":" + Json.createValue(id) + ",\"payload\":" + payload() + "}";
    }
}
