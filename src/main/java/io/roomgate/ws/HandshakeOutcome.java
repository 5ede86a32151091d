package io.roomgate.ws;

import io.roomgate.auth.AuthFailure;
import io.roomgate.auth.Identity;
import java.util.OptionalLong;

/** What the upgrade request proved, handed from the configurator to the endpoint. */
public sealed interface HandshakeOutcome {

    String USER_PROPERTY = "io.roomgate.handshake";

    record Authenticated(Identity identity) implements HandshakeOutcome {
    }

    record Rejected(AuthFailure failure, OptionalLong expiredAt) implements HandshakeOutcome {
    }

    /** No credential in the upgrade: the first frame must be hub:connect. */
    record Pending() implements HandshakeOutcome {
    }
}
