package io.roomgate.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The envelope of every server → client frame; {@code id} is omitted when null. */
@JsonbPropertyOrder({"type", "id", "payload"})
public record ServerFrame(String type, String id, Object payload) {

    public static ServerFrame of(String type, Object payload) {
        return new ServerFrame(type, null, payload);
    }

    public static ServerFrame reply(String type, String id, Object payload) {
        return new ServerFrame(type, id, payload);
    }
}
