package io.roomgate.rooms;

import io.roomgate.cluster.Backplane;
import io.roomgate.cluster.ClusterEvent;
import io.roomgate.cluster.ClusterState;
import io.roomgate.cluster.ClusterUnavailableException;
import io.roomgate.config.Settings;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.protocol.FrameType;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.ServerFrame;
import io.roomgate.protocol.Utf8;
import io.roomgate.transport.DeferredSends;
import java.util.Map;
import java.util.Optional;

/**
 * What members learn of who is in a room (PROTOCOL §2.0): pages of its members, join and leave
 * events while the room is small, count summaries once it is large; from the backplane in a cluster.
 */
final class RoomPresence {

    private final Settings settings;
    private final FrameEncoder encoder;
    private final Backplane backplane;
    /** Null on a single node. */
    private final ClusterState cluster;
    /** The registry's rooms: summaries are told inside a room's section, as its events are. */
    private final Map<RoomKey, Room> rooms;
    private final PresenceSummaries summaries;

    RoomPresence(Settings settings, FrameEncoder encoder, Backplane backplane, Map<RoomKey, Room> rooms, Delays delays) {
        this.settings = settings;
        this.encoder = encoder;
        this.backplane = backplane;
        this.cluster = backplane.state().orElse(null);
        this.rooms = rooms;
        this.summaries = new PresenceSummaries(delays, this::summarise);
    }

    /** The count the asking member reads counts as told to it, so that a summary does not repeat it. */
    MemberPage page(Peer peer, RoomKey key, Optional<String> after) {
        Room room = rooms.get(key);
        if (shared()) {
            try {
                MemberPage page = clusterPage(key, after);
                if (room != null) {
                    room.told(peer, page.count());
                }
                return page;
            } catch (ClusterUnavailableException e) {
                // the node's own members, as on a single node
            }
        }
        return room == null ? MemberPage.EMPTY : room.page(peer, after, settings.rooms().presence().snapshotLimit());
    }

    private MemberPage clusterPage(RoomKey key, Optional<String> after) {
        var page = cluster.page(key.tenant(), key.name(), after, settings.rooms().presence().snapshotLimit());
        return new MemberPage(page.members().stream().map(m -> new Payloads.Member(m.userId(), m.username())).toList(),
                page.count(), page.truncated());
    }

    /** @throws ClusterUnavailableException in a cluster whose backplane is unreachable: this node alone cannot tell */
    MemberPage snapshot(RoomKey key, Optional<String> after) {
        if (cluster != null) {
            return clusterPage(key, after);
        }
        Room room = rooms.get(key);
        return room == null ? MemberPage.EMPTY : room.page(after, settings.rooms().presence().snapshotLimit());
    }

    /** Another node's change made the room's count one to summarise. */
    void countChanged(RoomKey key) {
        summaries.changed(key);
    }

    /**
     * A cluster-wide join or leave, to every node (PROTOCOL §2.0 as {@link #publishPresence}); {@code users}
     * -1: not known, read from the backplane when it matters.
     */
    void announce(RoomKey key, int users, String exceptClientId, Object change) {
        int limit = settings.rooms().presence().eventsLimit();
        int count = users >= 0 ? users : limit > 0 ? safeUserCount(key) : 0;
        if (count > limit) {
            backplane.publish(new ClusterEvent.CountChanged(key.tenant(), key.name()));
        } else {
            backplane.publish(new ClusterEvent.RoomBroadcast(key.tenant(), key.name(),
                    encoder.encode(ServerFrame.of(FrameType.ROOM_PRESENCE, change)), exceptClientId));
        }
    }

    private int safeUserCount(RoomKey key) {
        try {
            return cluster.userCount(key.tenant(), key.name());
        } catch (ClusterUnavailableException e) {
            return 0;
        }
    }

    /**
     * Announces a join or leave, judged by the room's size after it (PROTOCOL §2.0): in a large room
     * the change only marks the room for the next count summary, so filling a room costs no
     * per-member frames per join. A room that shrinks back to the limit still gets that summary,
     * so a count kept from summaries and events ends exact.
     */
    void publishPresence(RoomKey key, Room room, Peer subject, Object change) {
        if (room.userCount() > settings.rooms().presence().eventsLimit()) {
            summaries.changed(key);
            return;
        }
        // every member hears of this change (the subject knows it), so each now knows the room's count:
        // a summary after the room grows large again must not take that count for one already told
        int count = room.userCount();
        room.seats().forEach(seat -> seat.told(count));
        backplane.publish(new ClusterEvent.RoomBroadcast(key.tenant(), key.name(),
                encoder.encode(ServerFrame.of(FrameType.ROOM_PRESENCE, change)), subject.clientId()));
    }

    /**
     * Tells each member of the room its user count, unless that is the count it was last told. Inside
     * the room's section, like a join's or leave's event: a summary never overtakes an event of a
     * change it already counts, nor is it overtaken by one it does not.
     */
    private void summarise(RoomKey key) {
        // read before the section: no network I/O while holding a room
        int shared = shared() ? safeUserCount(key) : -1;
        DeferredSends.around(() -> rooms.computeIfPresent(key, (k, room) -> {
            int count = shared >= 0 ? shared : room.userCount();
            String frame = encoder.encode(ServerFrame.of(FrameType.ROOM_PRESENCE, new Payloads.PresenceCount(key.name(), count)));
            int bytes = Utf8.length(frame);
            for (Room.Seat seat : room.seats()) {
                if (seat.tell(count)) {
                    seat.peer().send(frame, bytes);
                }
            }
            return room;
        }));
    }

    private boolean shared() {
        return cluster != null && cluster.available();
    }
}
