package io.roomgate.auth;

/** A presented token and where it was found. Never logged: {@link #toString()} hides the token. */
public record Credential(String token, Carrier carrier) {

    @Override
    public String toString() {
        return "Credential[hidden, " + carrier.wire() + "]";
    }
}
