package io.roomgate.metrics;

import java.util.Locale;

/** How a WebSocket upgrade ended, the {@code outcome} of {@code roomgate_handshakes_total}. */
public enum HandshakeResult {
    /** A credential (or guest access) proven at the upgrade. */
    AUTHENTICATED,
    /** A credential refused, at the upgrade or by the filter before it. */
    REJECTED,
    /** No credential in the upgrade: {@code hub:connect} must bring one. */
    PENDING,
    /** The address's handshake or failed-authentication limit (PROTOCOL §5). */
    LIMITED;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
