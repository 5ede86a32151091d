package io.roomgate.demo;

/** The JSON answer of {@code GET /demo/token}. */
public record DemoToken(String token, long expiresAt) {
}
