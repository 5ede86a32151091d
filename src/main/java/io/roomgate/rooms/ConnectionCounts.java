package io.roomgate.rooms;

import io.roomgate.cluster.ClusterState;
import io.roomgate.cluster.ClusterUnavailableException;
import java.util.HashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Each user's connections counted against the per-user limit, on this node ({@link UserConnections})
 * and on every node (PROTOCOL §9): the backplane holds this node's count of each user, changed by
 * one at each claim and release, and replaced whole by {@link #recount} when the backplane returns.
 * <p>
 * A claim or release landing between a recount's look at this node's connections and its write
 * would be lost or counted twice, and stay so until the next recount. So claims and releases
 * (local change and backplane call together) hold a shared lock, and a recount the exclusive one:
 * claims of different users never wait for each other, and a handshake waits only while a recount
 * writes (two round trips). Each recount is a new generation; a connection remembers the generation
 * that counted it, and its release takes one off the backplane only when that is the current one:
 * a connection gone before the last recount looked is not in the count it wrote.
 */
final class ConnectionCounts {

    /** Not counted in the backplane (or released already). */
    static final long UNCOUNTED = 0;

    private final UserConnections connections;
    /** Null on a single node: only this node's connections count. */
    private final ClusterState cluster;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** The recount whose counts the backplane holds; changed under the write lock, read under either. */
    private long generation = UNCOUNTED + 1;

    ConnectionCounts(UserConnections connections, ClusterState cluster) {
        this.connections = connections;
        this.cluster = cluster;
    }

    /**
     * Counts the connection here and, when {@code limited} and the backplane is reachable, on every node.
     *
     * @return false, nothing counted, when {@code limited} and the user has {@code limit} connections
     *         here or across the cluster; true when counted (while the backplane is unreachable, here
     *         only: the next recount counts it there)
     */
    boolean admit(Peer peer, boolean limited, int limit) {
        if (cluster == null) {
            return connections.add(peer, limited, limit);
        }
        lock.readLock().lock();
        try {
            if (!connections.add(peer, limited, limit)) {
                return false;
            }
            return !limited || !cluster.available() || claim(peer, limit);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Under the read lock; a connection the cluster refuses is taken out of this node's count again. */
    private boolean claim(Peer peer, int limit) {
        try {
            if (!cluster.claimConnection(peer.identity().tenant(), peer.identity().userId(), limit)) {
                peer.markUnregistered();
                connections.remove(peer);
                return false;
            }
            peer.countedIn(generation);
        } catch (ClusterUnavailableException e) {
            // counted here only; the backplane learns of it on its return (recount)
        }
        return true;
    }

    /**
     * Takes a connection that {@link UserConnections#remove} already took out of this node's count
     * off the backplane's too, once however often it is called; no call returns before that is done.
     * Waits for the backplane: never inside a room's section.
     */
    void release(Peer peer) {
        if (cluster == null) {
            return;
        }
        lock.readLock().lock();
        try {
            peer.uncount(counted -> {
                if (counted == generation) {
                    cluster.releaseConnection(peer.identity().tenant(), peer.identity().userId());
                }
            });
        } catch (RuntimeException e) {
            // unreachable, or the command cancelled as the backplane shuts down: a close must go on;
            // the count is replaced by this node's own on the backplane's return (recount)
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The backplane is back (or first reached): this node's count of each user there becomes the
     * number of its limited connections here.
     *
     * @throws ClusterUnavailableException when it is gone again: its next return recounts
     */
    void recount() {
        lock.writeLock().lock();
        try {
            long current = ++generation;
            var counts = new HashMap<ClusterState.UserRef, Integer>();
            connections.forEach((user, peers) -> {
                int counted = 0;
                for (Peer peer : peers) {
                    if (!peer.identity().isServerBypass()) {
                        peer.countedIn(current);
                        counted++;
                    }
                }
                if (counted > 0) {
                    counts.put(new ClusterState.UserRef(user.tenant(), user.userId()), counted);
                }
            });
            cluster.replaceConnections(counts);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
