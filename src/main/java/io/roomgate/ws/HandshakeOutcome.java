package io.roomgate.ws;

import io.roomgate.auth.AuthFailure;
import io.roomgate.auth.Identity;
import io.roomgate.limits.AddressLimiter;
import io.roomgate.metrics.HandshakeResult;
import java.util.OptionalLong;

/** What the upgrade request proved, handed from the configurator to the endpoint. */
public sealed interface HandshakeOutcome {

    /** For {@code roomgate_handshakes_total}. */
    HandshakeResult result();

    String USER_PROPERTY = "io.roomgate.handshake";

    record Authenticated(Identity identity) implements HandshakeOutcome {
        @Override
        public HandshakeResult result() {
            return HandshakeResult.AUTHENTICATED;
        }
    }

    record Rejected(AuthFailure failure, OptionalLong expiredAt) implements HandshakeOutcome {
        @Override
        public HandshakeResult result() {
            return HandshakeResult.REJECTED;
        }
    }

    /** The address's handshake or failed-authentication limit refused it (PROTOCOL §5). */
    record Limited(AddressLimiter.Refusal refusal) implements HandshakeOutcome {
        @Override
        public HandshakeResult result() {
            return HandshakeResult.LIMITED;
        }
    }

    /** No credential in the upgrade: the first frame must be hub:connect. */
    record Pending() implements HandshakeOutcome {
        @Override
        public HandshakeResult result() {
            return HandshakeResult.PENDING;
        }
    }
}
