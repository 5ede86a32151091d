package io.roomgate.rooms;

import io.roomgate.cluster.ClusterState;
import io.roomgate.history.Kept;
import io.roomgate.history.ReplayGate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A room's members. Membership changes only inside the registry's per-room atomic section; the
 * maps are concurrent so broadcasts, snapshots and count summaries read them without taking that
 * section.
 */
final class Room {

    private final Map<String, Seat> seats = new ConcurrentHashMap<>();
    private final RoomMembers users = new RoomMembers();

    /**
     * @param gate null, or where the connection's kept messages wait (PROTOCOL §8) until its join's
     *             reply and replay are queued: a new seat has it before any broadcast can see the
     *             seat; a connection already here gets it from now on
     * @return true when this is the user's first connection in the room (a presence change)
     */
    boolean add(Peer peer, ReplayGate gate) {
        var seat = new Seat(peer, gate);
        var held = seats.putIfAbsent(peer.clientId(), seat);
        if (held != null) {
            if (gate != null) {
                held.gate = gate;
            }
            return false;
        }
        return users.add(peer.member());
    }

    /** @return true when this was the user's last connection in the room (a presence change) */
    boolean remove(Peer peer) {
        if (seats.remove(peer.clientId()) == null) {
            return false;
        }
        return users.remove(peer.identity().userId());
    }

    boolean contains(Peer peer) {
        return seats.containsKey(peer.clientId());
    }

    boolean isEmpty() {
        return seats.isEmpty();
    }

    /** Connections in the room (what {@code members-per-room} bounds). */
    int size() {
        return seats.size();
    }

    /** Users in the room: presence's {@code count}. */
    int userCount() {
        return users.count();
    }

    Collection<Seat> seats() {
        return seats.values();
    }

    /** A page of the users, each once however many connections they have here. */
    MemberPage page(Optional<String> after, int limit) {
        return users.page(after, limit);
    }

    /** {@link #page(Optional, int)}, and {@code peer} is told its count. */
    MemberPage page(Peer peer, Optional<String> after, int limit) {
        MemberPage page = page(after, limit);
        told(peer, page.count());
        return page;
    }

    /** {@code peer} got a snapshot with this count: its next summary only comes when the count differs. */
    void told(Peer peer, int count) {
        Seat seat = seats.get(peer.clientId());
        if (seat != null) {
            seat.told(count);
        }
    }

    /** This node's share of the room, one entry per user: what it re-registers with the backplane. */
    List<ClusterState.Seat> clusterSeats(Set<String> adminRoles) {
        var byUser = new LinkedHashMap<String, ClusterState.Seat>();
        for (Seat seat : seats.values()) {
            var identity = seat.peer().identity();
            boolean admin = identity.hasAnyRole(adminRoles);
            byUser.merge(identity.userId(), new ClusterState.Seat(identity.userId(), identity.username(), 1, admin),
                    (held, one) -> new ClusterState.Seat(held.userId(), held.username(), held.connections() + 1,
                            held.admin() || one.admin()));
        }
        return List.copyOf(byUser.values());
    }

    /** A connection in the room, and the user count it was last told (PROTOCOL §2.0's summaries go by it). */
    static final class Seat {
        private final Peer peer;
        private volatile int toldCount = -1;
        /** Null with history off. */
        private volatile ReplayGate gate;

        Seat(Peer peer, ReplayGate gate) {
            this.peer = peer;
            this.gate = gate;
        }

        Peer peer() {
            return peer;
        }

        void told(int count) {
            toldCount = count;
        }

        /**
         * A kept message, as {@code frame}: held while the connection's join is not complete, dropped
         * when its replay had it.
         */
        void deliver(Kept message, String frame, int bytes) {
            var waiting = gate;
            if (waiting == null || !waiting.takes(message, frame)) {
                peer.send(frame, bytes);
            }
        }

        /** @return true when {@code count} is news to this connection, which now counts as told */
        boolean tell(int count) {
            if (toldCount == count) {
                return false;
            }
            toldCount = count;
            return true;
        }
    }
}
