package io.roomgate.protocol;

/** A decoded client frame: its optional correlation id and its command. */
public record ClientFrame(String id, Command command) {
}
