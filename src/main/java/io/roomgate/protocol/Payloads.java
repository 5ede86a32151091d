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

    @JsonbPropertyOrder({"userId", "username", "roles", "tenant", "clientId", "exp", "rooms", "warning"})
    public record Connected(String userId, String username, List<String> roles,
                            @JsonbNillable String tenant, String clientId, long exp, List<String> rooms, String warning) {
    }

    @JsonbPropertyOrder({"code", "message", "details"})
    public record Error(String code, String message, Map<String, Object> details) {
        public static Error of(Problem problem, Map<String, Object> details) {
            return new Error(problem.code().wire(), problem.message(), details);
        }
    }

    @JsonbPropertyOrder({"room", "members"})
    public record Joined(String room, List<Member> members) {
    }

    public record Left(String room) {
    }

    @JsonbPropertyOrder({"room", "event", "data", "from", "ts"})
    public record Message(String room, String event, @JsonbNillable JsonValue data, Member from, long ts) {
    }

    @JsonbPropertyOrder({"room", "members"})
    public record PresenceSnapshot(String room, List<Member> members) {
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
