package io.roomgate.testing;

/** How the server closed a connection, as the client saw it. */
public record Closure(int code, String reason) {
}
