package io.roomgate.history;

/** Reads a room's history: this node's own, or the cluster's. A room read for the first time gets its epoch. */
public interface HistoryStore {

    /** The first {@code limit} kept messages after offset {@code after}, with the room's position. */
    Slice read(String tenant, String room, long after, int limit);
}
