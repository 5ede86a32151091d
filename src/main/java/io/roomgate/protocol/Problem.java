package io.roomgate.protocol;

import static io.roomgate.protocol.ErrorCode.BAD_REQUEST;
import static io.roomgate.protocol.ErrorCode.FORBIDDEN;
import static io.roomgate.protocol.ErrorCode.INTERNAL;
import static io.roomgate.protocol.ErrorCode.NOT_FOUND;
import static io.roomgate.protocol.ErrorCode.RATE_LIMITED;
import static io.roomgate.protocol.ErrorCode.UNAUTHORIZED;
import static io.roomgate.protocol.ErrorCode.USER_MISMATCH;

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
    NOT_A_MEMBER(FORBIDDEN, "Not a member of this room"),
    BANNED(FORBIDDEN, "Banned from room"),
    MALFORMED_FRAME(BAD_REQUEST, "Malformed frame"),
    UNKNOWN_TYPE(BAD_REQUEST, "Unknown type"),
    INVALID_ROOM_NAME(BAD_REQUEST, "Invalid room name"),
    UNSUPPORTED_VERSION(BAD_REQUEST, "Unsupported version"),
    ALREADY_CONNECTED(BAD_REQUEST, "Already connected"),
    BINARY_FRAME(BAD_REQUEST, "Binary frames are not supported"),
    USER_NOT_IN_ROOM(NOT_FOUND, "User not in room"),
    NOT_A_MEMBER_TO_LEAVE(NOT_FOUND, "Not a member of this room"),
    TOO_MANY_REQUESTS(RATE_LIMITED, "Too many requests"),
    USER_MISMATCH_PROBLEM(USER_MISMATCH, "User mismatch"),
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
}
