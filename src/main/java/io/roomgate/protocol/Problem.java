package io.roomgate.protocol;

import static io.roomgate.protocol.ErrorCode.BAD_REQUEST;
import static io.roomgate.protocol.ErrorCode.FORBIDDEN;
import static io.roomgate.protocol.ErrorCode.INTERNAL;
import static io.roomgate.protocol.ErrorCode.NOT_FOUND;
import static io.roomgate.protocol.ErrorCode.RATE_LIMITED;
import static io.roomgate.protocol.ErrorCode.UNAUTHORIZED;
import static io.roomgate.protocol.ErrorCode.USER_MISMATCH;

import java.util.Locale;

/**
 * Every hub:error a client can see: a code and one of PROTOCOL §3's fixed messages. Nothing
 * else ever becomes an error message, so no parser or exception text can leak to a client.
 */
public enum Problem {
    JWT_REQUIRED(UNAUTHORIZED, "JWT required"),
    SIGNATURE_INVALID(UNAUTHORIZED, "Invalid JWT: signature verification failed"),
    TOKEN_MALFORMED(UNAUTHORIZED, "Invalid JWT: malformed"),
    CLAIMS_REJECTED(UNAUTHORIZED, "Invalid JWT: claims rejected"),
    TOKEN_EXPIRED(UNAUTHORIZED, "JWT expired"),
    TOKEN_REVOKED(UNAUTHORIZED, "JWT revoked"),
    AUTHENTICATION_TIMEOUT(UNAUTHORIZED, "Authentication timeout"),
    INSUFFICIENT_PERMISSIONS(FORBIDDEN, "Insufficient permissions"),
    /** Sending to, reading the presence of or moderating a room one has not joined. */
    NOT_A_MEMBER(FORBIDDEN, "Not a member of this room"),
    BANNED(FORBIDDEN, "Banned from room"),
    MALFORMED_FRAME(BAD_REQUEST, "Malformed frame"),
    UNKNOWN_TYPE(BAD_REQUEST, "Unknown type"),
    INVALID_ROOM_NAME(BAD_REQUEST, "Invalid room name"),
    UNSUPPORTED_VERSION(BAD_REQUEST, "Unsupported version"),
    ALREADY_CONNECTED(BAD_REQUEST, "Already connected"),
    BINARY_FRAME(BAD_REQUEST, "Binary frames are not supported"),
    /** A kick's target is not in the room. */
    USER_NOT_IN_ROOM(NOT_FOUND, "User not in room"),
    /** The same words as {@link #NOT_A_MEMBER}, but not_found: there is nothing to leave. */
    LEAVING_A_ROOM_NOT_JOINED(NOT_FOUND, "Not a member of this room"),
    TOO_MANY_REQUESTS(RATE_LIMITED, "Too many requests"),
    /** A {@code token:refresh} with a token of another user (or tenant) than the connection's. */
    REFRESH_FOR_OTHER_USER(USER_MISMATCH, "User mismatch"),
    INTERNAL_ERROR(INTERNAL, "Internal error"),
    CLUSTER_UNAVAILABLE(ErrorCode.UNAVAILABLE, "Cluster unavailable");

    private final ErrorCode code;
    private final String message;

    Problem(ErrorCode code, String message) {
        this.code = code;
        this.message = message;
    }

    public ErrorCode code() {
        return code;
    }

    public String message() {
        return message;
    }

    /**
     * The {@code reason} of an audit line for a refused moderation action (deployment.md lists them):
     * the constant's name, so renaming a constant that a kick can be refused with changes the audit.
     */
    public String auditReason() {
        return name().toLowerCase(Locale.ROOT);
    }
}
