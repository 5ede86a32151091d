package io.roomgate.ws;

import io.roomgate.auth.HandshakeView;

/**
 * The client's address for log lines. Jakarta WebSocket does not expose the peer address, so
 * {@link UpgradeFilter} (on servlet containers) puts it in a request header it owns; a
 * client-sent header of that name never survives the filter.
 */
final class ClientAddress {

    static final String HEADER = "X-Roomgate-Client-Address";
    static final String UNKNOWN = "unknown";

    private ClientAddress() {
    }

    static String of(HandshakeView request) {
        String address = request.firstHeader(HEADER);
        return address == null || address.isBlank() ? UNKNOWN : address;
    }
}
