package io.roomgate.ws;

import io.roomgate.auth.AuthFailure;
import io.roomgate.auth.Identity;
import io.roomgate.limits.AddressLimiter;
import java.util.OptionalLong;

/** What the upgrade request proved, handed from the configurator to the endpoint. */
public sealed interface HandshakeOutcome {

    String USER_PROPERTY = "io.roomgate.handshake";

    record Authenticated(Identity identity) implements HandshakeOutcome {
    }

    record Rejected(AuthFailure failure, OptionalLong expiredAt) implements HandshakeOutcome {
    }

    /** The address's handshake or failed-authentication limit refused it (PROTOCOL §5). */
    record Limited(AddressLimiter.Refusal refusal) implements HandshakeOutcome {
    }

    /** No credential in the upgrade: the first frame must be hub:connect. */
    record Pending() implements HandshakeOutcome {
    }
}
