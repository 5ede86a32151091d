package io.roomgate.protocol;

/** The `code` of a hub:error (PROTOCOL §3), spelled as on the wire. */
public enum ErrorCode {
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    BAD_REQUEST("bad_request"),
    NOT_FOUND("not_found"),
    RATE_LIMITED("rate_limited"),
    USER_MISMATCH("user_mismatch"),
    INTERNAL("internal"),
    UNAVAILABLE("unavailable");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
