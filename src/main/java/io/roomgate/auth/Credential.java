package io.roomgate.auth;

/** A presented token. Never logged: {@link #toString()} hides it. */
public record Credential(String token) {

    @Override
    public String toString() {
        return "Credential[hidden]";
    }
}
