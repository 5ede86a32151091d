package io.roomgate.rooms;

import io.roomgate.protocol.Payloads.Member;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A room's members. Membership changes only inside the registry's per-room atomic section; the
 * member map is concurrent so broadcasts can iterate it without taking that section.
 */
final class Room {

    private final Map<String, Peer> connections = new ConcurrentHashMap<>();
    private final Map<String, Integer> connectionsByUser = new HashMap<>();

    /** @return true when this is the user's first connection in the room (a presence change) */
    boolean add(Peer peer) {
        if (connections.putIfAbsent(peer.clientId(), peer) != null) {
            return false;
        }
        return connectionsByUser.merge(peer.identity().userId(), 1, Integer::sum) == 1;
    }

    /** @return true when this was the user's last connection in the room (a presence change) */
    boolean remove(Peer peer) {
        if (connections.remove(peer.clientId()) == null) {
            return false;
        }
        String userId = peer.identity().userId();
        return connectionsByUser.compute(userId, (id, count) -> count == 1 ? null : count - 1) == null;
    }

    boolean contains(Peer peer) {
        return connections.containsKey(peer.clientId());
    }

    boolean isEmpty() {
        return connections.isEmpty();
    }

    int size() {
        return connections.size();
    }

    Collection<Peer> connections() {
        return connections.values();
    }

    /** One entry per user, however many connections they have here. */
    List<Member> members() {
        var byUser = new HashMap<String, Member>();
        connections.values().forEach(peer -> byUser.putIfAbsent(peer.identity().userId(), peer.member()));
        return byUser.values().stream().sorted((a, b) -> a.userId().compareTo(b.userId())).toList();
    }
}
