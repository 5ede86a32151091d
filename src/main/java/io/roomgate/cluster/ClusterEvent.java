package io.roomgate.cluster;

import io.roomgate.auth.Revocation;
import io.roomgate.rooms.RoomKey;
import io.roomgate.rooms.UserKey;

/**
 * Effects that must reach connections on every node. Frames travel already encoded, so each
 * node only delivers.
 */
public sealed interface ClusterEvent {

    /** Deliver {@code frame} to every member of {@code room} except the connection {@code exceptClientId}. */
    record RoomBroadcast(RoomKey room, String frame, String exceptClientId) implements ClusterEvent {
    }

    /**
     * Tell every connection of {@code user} and every member of {@code room}, then close the user's
     * connections; {@code room} null: a disconnect of the user from everywhere, told to the user only.
     */
    record UserKick(UserKey user, RoomKey room, String frame) implements ClusterEvent {
    }

    /** Close every connection whose token {@code revocation} covers. */
    record Revoked(Revocation revocation) implements ClusterEvent {
    }
}
