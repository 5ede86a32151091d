package io.roomgate.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The envelope of every server → client frame; {@code id} is omitted when null. Made by
 * {@link #of} and {@link #reply}, so every {@code type} is a {@link FrameType}'s.
 */
@JsonbPropertyOrder({"type", "id", "payload"})
public record ServerFrame(String type, String id, Object payload) {

    public static ServerFrame of(FrameType type, Object payload) {
        return new ServerFrame(type.wire(), null, payload);
    }

    public static ServerFrame reply(FrameType type, String id, Object payload) {
        return new ServerFrame(type.wire(), id, payload);
    }
}
