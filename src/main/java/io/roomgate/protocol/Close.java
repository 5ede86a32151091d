package io.roomgate.protocol;

/**
 * Every close this side sends (PROTOCOL §4): a code and its reason as one value, so a close can
 * only go out with a reason the table pairs with its code.
 */
public enum Close {
    SHUTTING_DOWN(1001, "Server shutting down"),
    UNSUPPORTED_VERSION(1002, "Unsupported version"),
    UNAUTHORIZED(1008, "Unauthorized"),
    AUTHENTICATION_TIMEOUT(1008, "Authentication timeout"),
    TOKEN_EXPIRED(1008, "Token expired"),
    TOKEN_REVOKED(1008, "Token revoked"),
    KICKED(1008, "Kicked by moderator"),
    MESSAGE_TOO_BIG(1009, "Message too big"),
    RATE_LIMITED(1013, "Rate limited"),
    SLOW_CONSUMER(1013, "Slow consumer");

    private final int code;
    private final String reason;

    Close(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
