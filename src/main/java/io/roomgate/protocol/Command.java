package io.roomgate.protocol;

import jakarta.json.JsonValue;
import java.util.Optional;

/** A validated client frame's payload, one record per client → server type of PROTOCOL §2. */
public sealed interface Command {

    /** {@code serverBypass}, when given, is the credential instead of {@code jwt}. */
    record Connect(String version, Optional<String> jwt, Optional<String> serverBypass) implements Command {
    }

    /** {@code since}: recover the messages after this place in the room's history (PROTOCOL §8). */
    record Join(String room, Optional<Since> since) implements Command {
    }

    record Since(String epoch, long offset) {
    }

    record Leave(String room) implements Command {
    }

    record Send(String room, String event, JsonValue data, boolean echo) implements Command {
    }

    /** {@code after}: the page of users sorting after this userId (PROTOCOL §2.0). */
    record Presence(String room, Optional<String> after) implements Command {
    }

    record Kick(String room, String userId, Optional<String> reason, Optional<Long> banSeconds) implements Command {
    }

    record Refresh(String token) implements Command {
    }

    record Ping() implements Command {
    }
}
