package io.roomgate.rooms;

import io.roomgate.auth.Identity;
import io.roomgate.protocol.Payloads.Member;
import io.roomgate.transport.Outbox;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** One authenticated connection: its identity, the rooms it joined and its outbound queue. */
public final class Peer {

    private final String clientId = UUID.randomUUID().toString();
    /** Replaced under this peer's lock ({@link ImmutableSets}); read without it. */
    private volatile Set<String> rooms = Set.of();
    private final Outbox outbox;
    private volatile Identity identity;
    private volatile boolean unregistered;
    /**
     * The generation of the cluster's per-user connection count (PROTOCOL §9) that counted this
     * connection, to be released once ({@link ConnectionCounts}); {@link ConnectionCounts#UNCOUNTED}: none.
     */
    private final AtomicLong countedIn = new AtomicLong(ConnectionCounts.UNCOUNTED);

    public Peer(Identity identity, Outbox outbox) {
        this.identity = identity;
        this.outbox = outbox;
    }

    public String clientId() {
        return clientId;
    }

    public Identity identity() {
        return identity;
    }

    /** A refreshed token of the same user: new roles, username, expiry and permissions. */
    public void refresh(Identity fresh) {
        this.identity = fresh;
    }

    public UserKey user() {
        return new UserKey(identity.tenant(), identity.userId());
    }

    public RoomKey room(String name) {
        return new RoomKey(identity.tenant(), name);
    }

    public Member member() {
        return new Member(identity.userId(), identity.username());
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Room names this connection is in: an immutable snapshot. */
    Set<String> rooms() {
        return rooms;
    }

    synchronized void joined(String room) {
        rooms = ImmutableSets.with(rooms, room);
    }

    synchronized void left(String room) {
        rooms = ImmutableSets.without(rooms, room);
    }

    void markUnregistered() {
        unregistered = true;
    }

    boolean isUnregistered() {
        return unregistered;
    }

    void countedIn(long generation) {
        countedIn.set(generation);
    }

    /**
     * Hands {@code release} the generation that counted this connection, once however many callers
     * there are; one that comes while it runs waits for it, so that no caller goes on (to answer a
     * close, say) before the release is done. The release waits for the network: a lock of its own,
     * not this peer's, which room sections take ({@link #joined}).
     */
    void uncount(LongConsumer release) {
        synchronized (countedIn) {
            long counted = countedIn.getAndSet(ConnectionCounts.UNCOUNTED);
            if (counted != ConnectionCounts.UNCOUNTED) {
                release.accept(counted);
            }
        }
    }

    public boolean send(String frame) {
        return outbox.offer(frame);
    }

    /** {@link #send(String)} of a frame whose UTF-8 size is already known. */
    boolean send(String frame, int bytes) {
        return outbox.offer(frame, bytes);
    }

    @Override
    public String toString() {
        return "Peer[" + clientId + "]";
    }
}
