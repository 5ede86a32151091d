package io.roomgate.auth;

import java.util.Locale;

/** Where a credential came from (PROTOCOL §1 and {@code hub:connect}), as the audit log names it. */
public enum Carrier {
    HEADER, SUBPROTOCOL, QUERY, COOKIE,
    /** {@code hub:connect}'s {@code jwt}. */
    CONNECT,
    /** {@code hub:connect}'s {@code serverBypass}. */
    BYPASS,
    /** No credential: a guest where authentication is not required. */
    NONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
