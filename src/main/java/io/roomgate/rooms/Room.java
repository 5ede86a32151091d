package io.roomgate.rooms;

import java.util.Collection;
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

    /** @return true when this is the user's first connection in the room (a presence change) */
    boolean add(Peer peer) {
        if (seats.putIfAbsent(peer.clientId(), new Seat(peer)) != null) {
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
        Seat seat = seats.get(peer.clientId());
        if (seat != null) {
            seat.told(page.count());
        }
        return page;
    }

    /** A connection in the room, and the user count it was last told (PROTOCOL §2.0's summaries go by it). */
    static final class Seat {
        private final Peer peer;
        private volatile int toldCount = -1;

        Seat(Peer peer) {
            this.peer = peer;
        }

        Peer peer() {
            return peer;
        }

        void told(int count) {
            toldCount = count;
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
