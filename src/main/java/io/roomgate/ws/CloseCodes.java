package io.roomgate.ws;

/** PROTOCOL §4's close codes and reasons, as sent. */
final class CloseCodes {

    static final int PROTOCOL_ERROR = 1002;
    static final int POLICY_VIOLATION = 1008;
    static final int TOO_BIG = 1009;
    static final int TRY_AGAIN_LATER = 1013;

    static final String UNAUTHORIZED = "Unauthorized";
    static final String AUTHENTICATION_TIMEOUT = "Authentication timeout";
    static final String UNSUPPORTED_VERSION = "Unsupported version";
    static final String MESSAGE_TOO_BIG = "Message too big";
    static final String RATE_LIMITED = "Rate limited";

    private CloseCodes() {
    }
}
