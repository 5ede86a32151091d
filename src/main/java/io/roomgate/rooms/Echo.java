package io.roomgate.rooms;

/** The sender of a {@code room:send} asked for its own copy, as the reply to its frame {@code id} (null: a frame without id). */
public record Echo(String id) {
}
