package bench.peer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One room: its member connections (read without a lock by the fan-out) and its users, counted per
 * connection, for presence as PROTOCOL §2 and §2.0 bound it: snapshots of at most
 * {@link #SNAPSHOT_LIMIT} users in {@code userId} order, individual events up to
 * {@link #EVENTS_LIMIT} users, a count summary at most once a second above that.
 */
final class Room {

    static final int SNAPSHOT_LIMIT = 100;
    static final int EVENTS_LIMIT = 1000;

    /** A page of presence: up to the limit's users after a point, and how many there are in all. */
    record Snapshot(Map<String, String> members, int count, boolean truncated) {
    }

    private final String name;
    private final Set<Member> connections = ConcurrentHashMap.newKeySet();
    /** userId → the user's connections in the room; guarded by this. */
    private final TreeMap<String, Presence> users = new TreeMap<>();
    /** The count the last summary told; guarded by this. */
    private int summarized = -1;
    /** Emptied and dropped from the registry: a join must take a new room. Guarded by this. */
    private boolean closed;

    private static final class Presence {
        private final String username;
        private int connections;

        Presence(String username) {
            this.username = username;
        }
    }

    Room(String name) {
        this.name = name;
    }

    /** @return the joiner's snapshot, or null when this room was closed meanwhile (join a new one) */
    synchronized Snapshot join(Member member) {
        if (closed) {
            return null;
        }
        if (connections.add(member)) {
            member.rooms().add(name);
            var presence = users.computeIfAbsent(member.userId(), user -> new Presence(member.username()));
            if (presence.connections++ == 0 && users.size() <= EVENTS_LIMIT) {
                others(member, Frames.userJoined(name, member));
            }
        }
        return page(null);
    }

    /** @return whether the connection was a member; {@code empty} is told when the room has nobody left */
    synchronized boolean leave(Member member, Runnable empty) {
        if (!connections.remove(member)) {
            return false;
        }
        member.rooms().remove(name);
        var presence = users.get(member.userId());
        if (--presence.connections == 0) {
            users.remove(member.userId());
            if (users.size() <= EVENTS_LIMIT) {
                others(member, Frames.userLeft(name, member.userId()));
            }
        }
        if (connections.isEmpty()) {
            closed = true;
            empty.run();
        }
        return true;
    }

    boolean contains(Member member) {
        return connections.contains(member);
    }

    /** Every member connection but the sender's gets it (the sender too with {@code echo}). */
    void send(Member sender, String frame, boolean echo) {
        for (Member member : connections) {
            if (echo || member != sender) {
                member.send(frame);
            }
        }
    }

    synchronized Snapshot page(String after) {
        SortedMap<String, Presence> from = after == null ? users : users.tailMap(after + '\0');
        var members = new LinkedHashMap<String, String>();
        for (var user : from.entrySet()) {
            if (members.size() == SNAPSHOT_LIMIT) {
                return new Snapshot(members, users.size(), true);
            }
            members.put(user.getKey(), user.getValue().username);
        }
        return new Snapshot(members, users.size(), false);
    }

    /** Once a second: a room above the events limit tells its members the count when it changed. */
    synchronized void summarize() {
        if (users.size() > EVENTS_LIMIT && users.size() != summarized) {
            summarized = users.size();
            send(null, Frames.count(name, summarized), true);
        } else if (users.size() <= EVENTS_LIMIT) {
            summarized = -1;
        }
    }

    private void others(Member member, String frame) {
        send(member, frame, false);
    }
}
