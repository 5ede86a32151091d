package io.roomgate.protocol;

/** PROTOCOL §4's close codes and reasons, as sent. */
public final class CloseCodes {

    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int TRY_AGAIN_LATER = 1013;

    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String AUTHENTICATION_TIMEOUT = "Authentication timeout";
    public static final String UNSUPPORTED_VERSION = "Unsupported version";
    public static final String MESSAGE_TOO_BIG = "Message too big";
    public static final String RATE_LIMITED = "Rate limited";
    public static final String SLOW_CONSUMER = "Slow consumer";
    public static final String KICKED = "Kicked by moderator";
    public static final String TOKEN_EXPIRED = "Token expired";
    public static final String TOKEN_REVOKED = "Token revoked";
    public static final String SHUTTING_DOWN = "Server shutting down";

    private CloseCodes() {
    }
}
