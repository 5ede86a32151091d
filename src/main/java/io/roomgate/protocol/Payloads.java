package io.roomgate.protocol;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Map;

/** The payload records of server → client frames (PROTOCOL §2), in wire field order. */
public final class Payloads {

    private Payloads() {
    }

    /** {@code hub:ok}, {@code pong}. */
    public record Empty() {
        public static final Empty INSTANCE = new Empty();
    }

    @JsonbPropertyOrder({"userId", "username"})
    public record Member(String userId, String username) {
    }

    /** {@code hub:connected.warning} for a token accepted inside {@code roomgate.auth.expired-grace}. */
    public static final String EXPIRED_GRACE_WARNING = "token_expired_grace";

    /** {@code permissions}: the token's claim (PROTOCOL §10); null, so left out, when it has none. */
    @JsonbPropertyOrder({"userId", "username", "roles", "tenant", "clientId", "exp", "rooms", "warning", "permissions"})
    public record Connected(String userId, String username, List<String> roles,
                            @JsonbNillable String tenant, String clientId, long exp, List<String> rooms, String warning,
                            List<String> permissions) {
    }

    @JsonbPropertyOrder({"code", "message", "details"})
    public record Error(String code, String message, Map<String, Object> details) {
        public static Error of(Problem problem, Map<String, Object> details) {
            return new Error(problem.code().wire(), problem.message(), details);
        }
    }

    /**
     * {@code truncated} is true or null (left out), PROTOCOL §2.0; {@code epoch} and {@code offset} are
     * left out with history off, {@code recovered} when the join asked for no recovery (§8).
     */
    @JsonbPropertyOrder({"room", "members", "count", "truncated", "epoch", "offset", "recovered"})
    public record Joined(String room, List<Member> members, int count, Boolean truncated, String epoch, Long offset,
            Boolean recovered) {
    }

    /** The HTTP API's history (PROTOCOL §8): {@code epoch} null with history off; {@code messages} are payloads. */
    @JsonbPropertyOrder({"room", "epoch", "offset", "messages"})
    public record History(String room, @JsonbNillable String epoch, long offset, List<JsonValue> messages) {
    }

    public record Left(String room) {
    }

    @JsonbPropertyOrder({"room", "event", "data", "from", "ts"})
    public record Message(String room, String event, @JsonbNillable JsonValue data, Member from, long ts) {
    }

    /** {@code truncated} is true or null (left out), PROTOCOL §2.0. */
    @JsonbPropertyOrder({"room", "members", "count", "truncated"})
    public record PresenceSnapshot(String room, List<Member> members, int count, Boolean truncated) {
    }

    /** A large room's summary instead of its joins and leaves (PROTOCOL §2.0). */
    @JsonbPropertyOrder({"room", "count"})
    public record PresenceCount(String room, int count) {
    }

    @JsonbPropertyOrder({"room", "joined"})
    public record PresenceJoined(String room, Member joined) {
    }

    @JsonbPropertyOrder({"room", "left"})
    public record PresenceLeft(String room, LeftUser left) {
    }

    public record LeftUser(String userId) {
    }

    /** {@code token:refreshed}, {@code token:expiring}. */
    public record Refreshed(long exp) {
    }

    public record Expiring(long exp) {
    }

    @JsonbPropertyOrder({"room", "userId", "by", "reason"})
    public record UserKicked(@JsonbNillable String room, String userId, String by, @JsonbNillable String reason) {
    }
}
