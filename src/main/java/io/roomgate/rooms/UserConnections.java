package io.roomgate.rooms;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/** This node's connections by user: what the per-user limit counts, and whom a kick or revocation reaches. */
final class UserConnections {

    /** Each user's connections as an immutable set ({@link ImmutableSets}), replaced inside the map's atomic section. */
    private final Map<UserKey, Set<Peer>> peersByUser = new ConcurrentHashMap<>();

    /** @return false, and nothing added, when {@code limited} and the user has {@code limit} connections here already */
    boolean add(Peer peer, boolean limited, int limit) {
        var refused = new boolean[1];
        peersByUser.compute(peer.user(), (user, peers) -> {
            if (limited && peers != null && peers.size() >= limit) {
                refused[0] = true;
                return peers;
            }
            return ImmutableSets.with(peers == null ? Set.of() : peers, peer);
        });
        return !refused[0];
    }

    /** Touches only this map and never sends: safe inside a room's section and from socket callbacks. */
    void remove(Peer peer) {
        peersByUser.computeIfPresent(peer.user(), (user, peers) -> {
            var rest = ImmutableSets.without(peers, peer);
            return rest.isEmpty() ? null : rest;
        });
    }

    Set<Peer> of(UserKey user) {
        return Optional.ofNullable(peersByUser.get(user)).orElse(Set.of());
    }

    List<Peer> all() {
        return peersByUser.values().stream().flatMap(Set::stream).toList();
    }

    int count() {
        return peersByUser.values().stream().mapToInt(Set::size).sum();
    }

    void forEach(BiConsumer<UserKey, Set<Peer>> action) {
        peersByUser.forEach(action);
    }
}
