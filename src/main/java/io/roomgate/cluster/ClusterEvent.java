package io.roomgate.cluster;

/**
 * Effects that must reach connections on every node, as plain strings: the backplane carries them
 * without knowing rooms, users or tokens. Frames travel already encoded, so each node only delivers.
 * A {@code tenant} of null is the tenant-less scope.
 */
public sealed interface ClusterEvent {

    /** Deliver {@code frame} to every member of the room except the connection {@code exceptClientId}. */
    record RoomBroadcast(String tenant, String room, String frame, String exceptClientId) implements ClusterEvent {
    }

    /**
     * Tell every connection of the user and every member of {@code room}, then close the user's
     * connections; {@code room} null: a disconnect of the user from everywhere, told to the user only.
     */
    record UserKick(String tenant, String userId, String room, String frame) implements ClusterEvent {
    }

    /** Close every connection whose token this covers: one {@code jti}, or a {@code subject}'s tokens issued before {@code before}. */
    record Revoked(String tenant, String jti, String subject, long before, long keepUntil) implements ClusterEvent {
    }

    /**
     * A message kept in the room's history (PROTOCOL §8): {@code payload} is a JSON object that ends
     * with its {@code offset}; {@code echo}: the sender {@code senderClientId} gets it too, as the
     * reply to its frame {@code echoId} (null: a frame without id). Published with an offset-less
     * payload, offset 0 and the epoch a room without one would get; the backplane assigns them.
     */
    record KeptBroadcast(String tenant, String room, String epoch, long offset, String payload, String senderClientId,
            boolean echo, String echoId) implements ClusterEvent {
    }

    /** A large room's user count changed (PROTOCOL §2.0): every node summarises it to its members. */
    record CountChanged(String tenant, String room) implements ClusterEvent {
    }
}
