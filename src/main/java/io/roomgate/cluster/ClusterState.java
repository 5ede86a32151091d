package io.roomgate.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * What the nodes of a cluster share beyond events: who is in which room (counted per user across
 * nodes), bans and revocations. Every call may throw {@link ClusterUnavailableException}; none may
 * be made inside a registry's atomic section except {@link #follow} and {@link #unfollow}, which
 * never wait.
 */
public interface ClusterState {

    String nodeId();

    /** Connected to the backplane right now. */
    boolean available();

    /** Starts receiving the room's events; completes once subscribed. Never blocks. */
    CompletionStage<Void> follow(String tenant, String room);

    /** Stops receiving the room's events: this node has no member there any more. Never blocks. */
    void unfollow(String tenant, String room);

    /**
     * One connection of this node more ({@code delta} 1) or less (-1) of the user in the room; one more
     * is refused (nothing changes) when the room already holds {@code maxConnections} connections.
     */
    Change adjust(String tenant, String room, String userId, String username, boolean admin, int delta, int maxConnections);

    /**
     * Counts one more connection of the user on this node, unless the user already has
     * {@code maxConnections} across the cluster (PROTOCOL §5).
     *
     * @return false, counting nothing, at the limit
     */
    boolean claimConnection(String tenant, String userId, int maxConnections);

    /** A connection {@link #claimConnection} counted has closed. */
    void releaseConnection(String tenant, String userId);

    /** After an outage: this node's connection counts become {@code connections} (userId → count per tenant). */
    void replaceConnections(Map<UserRef, Integer> connections);

    /** Replaces everything this node holds in the room by {@code seats}: after a backplane outage. */
    Changes replace(String tenant, String room, List<Seat> seats);

    /** The rooms the backplane holds members of this node in: after an outage, some may have emptied here meanwhile. */
    List<RoomRef> rooms();

    /** At most {@code limit} users sorting after {@code after} (code-point order of userId), and the count. */
    Page page(String tenant, String room, Optional<String> after, int limit);

    int userCount(String tenant, String room);

    /** Whether the user has a connection in the room on some node, and as an admin. */
    Presence presence(String tenant, String room, String userId);

    void ban(String tenant, String room, String userId, long untilEpochSecond);

    OptionalLong bannedUntil(String tenant, String room, String userId);

    /** Stores a revocation until its keep-until; {@link #revocations} returns it to every node. */
    void store(ClusterEvent.Revoked revocation);

    List<ClusterEvent.Revoked> revocations();

    /**
     * The value every node uses under {@code name}: {@code value} when this node is the first to offer
     * one, else the one stored first (SET NX).
     */
    String shareOnce(String name, String value);

    /** Runs {@code task} each time the backplane is reached again after an outage (and first reached after start-up). */
    void onReconnect(Runnable task);

    /** Gets, once per room, the users who left because a node died (its heartbeat expired) or stopped. */
    void onDeparted(BiConsumer<RoomRef, List<String>> departed);

    /**
     * PROTOCOL §8: gives the message its room's next offset, keeps it in the room's history within
     * {@code bounds} and publishes it, all in one step, so every node delivers the room's kept
     * messages in one order ({@link ClusterEvent.KeptBroadcast}, to this node's listeners too, from
     * the backplane like any other node's).
     *
     * @param message the broadcast; its {@code payload} a JSON object without an offset, its {@code epoch}
     *                the one the room gets should it have none (a fresh random one)
     */
    void keep(ClusterEvent.KeptBroadcast message, HistoryBounds bounds);

    /**
     * The room's history: its epoch (a new one when it has none, e.g. Redis lost it), its latest offset
     * and the first {@code limit} kept messages after {@code after}; {@code newEpoch} is the epoch a
     * room without one gets.
     */
    History history(String tenant, String room, long after, int limit, HistoryBounds bounds, String newEpoch);

    /** {@code ttlMillis}: how long a room's history outlives its last message. */
    record HistoryBounds(int size, long bytes, long ttlMillis) {
    }

    /** {@code oldest}: the first offset still kept ({@code latest + 1} when none is); payloads carry their offset. */
    record History(String epoch, long latest, long oldest, List<KeptPayload> messages) {
    }

    record KeptPayload(long offset, String payload) {
    }

    /** {@code full}: refused, nothing changed; {@code presenceChanged}: the user's first or last connection in the room. */
    record Change(boolean full, boolean presenceChanged, int users, long connections) {
    }

    record Changes(List<String> joined, List<String> left) {
    }

    record Seat(String userId, String username, int connections, boolean admin) {
    }

    record Member(String userId, String username) {
    }

    record Page(List<Member> members, int count, boolean truncated) {
    }

    record Presence(boolean present, boolean admin) {
    }

    record RoomRef(String tenant, String room) {
    }

    record UserRef(String tenant, String userId) {
    }
}
