package io.roomgate.protocol;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * Every close this side sends (PROTOCOL §4): a code and its reason as one value, so a close can
 * only go out with a reason the table pairs with its code.
 */
public enum Close {
    SHUTTING_DOWN(CloseCodes.GOING_AWAY, "Server shutting down"),
    UNSUPPORTED_VERSION(CloseCodes.PROTOCOL_ERROR, "Unsupported version"),
    UNAUTHORIZED(CloseCodes.VIOLATED_POLICY, "Unauthorized"),
    AUTHENTICATION_TIMEOUT(CloseCodes.VIOLATED_POLICY, "Authentication timeout"),
    TOKEN_EXPIRED(CloseCodes.VIOLATED_POLICY, "Token expired"),
    TOKEN_REVOKED(CloseCodes.VIOLATED_POLICY, "Token revoked"),
    KICKED(CloseCodes.VIOLATED_POLICY, "Kicked by moderator"),
    MESSAGE_TOO_BIG(CloseCodes.TOO_BIG, "Message too big"),
    RATE_LIMITED(CloseCodes.TRY_AGAIN_LATER, "Rate limited"),
    SLOW_CONSUMER(CloseCodes.TRY_AGAIN_LATER, "Slow consumer");

    /** Immutable, so one instance serves every connection closed this way. */
    private final CloseReason frame;

    Close(CloseCodes code, String reason) {
        frame = new CloseReason(code, reason);
    }

    /** The close as Jakarta WebSocket sends it. */
    public CloseReason frame() {
        return frame;
    }

    public int code() {
        return frame.getCloseCode().getCode();
    }

    public String reason() {
        return frame.getReasonPhrase();
    }
}
