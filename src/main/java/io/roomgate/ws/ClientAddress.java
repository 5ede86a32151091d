package io.roomgate.ws;

import io.roomgate.auth.HandshakeView;
import io.roomgate.net.ClientAddressResolver;

/**
 * Where a handshake comes from. Jakarta WebSocket does not expose the peer address, so the
 * servlet side of the upgrade ({@link UpgradeFilter}) hands it over in request headers it owns:
 * the filter replaces or removes client-sent headers of those names on every request to the
 * endpoint's path, upgrade or not.
 */
public final class ClientAddress {

    /** The TCP peer's address. */
    public static final String PEER_HEADER = "X-Roomgate-Peer-Address";
    /** Present when the handshake was already counted against its address's limits before the upgrade. */
    public static final String ADMITTED_HEADER = "X-Roomgate-Address-Admitted";
    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String UNKNOWN = ClientAddressResolver.UNKNOWN;

    private ClientAddress() {
    }

    static String of(HandshakeView request, ClientAddressResolver resolver) {
        String peer = request.firstHeader(PEER_HEADER);
        return peer == null || peer.isBlank() ? UNKNOWN : resolver.resolve(peer, request.header(FORWARDED_FOR));
    }

    static boolean admittedBeforeUpgrade(HandshakeView request) {
        return request.firstHeader(ADMITTED_HEADER) != null;
    }
}
