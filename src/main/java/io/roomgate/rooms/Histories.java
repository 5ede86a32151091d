package io.roomgate.rooms;

import com.github.benmanes.caffeine.cache.Scheduler;
import io.roomgate.cluster.ClusterEvent;
import io.roomgate.cluster.ClusterState;
import io.roomgate.cluster.ClusterUnavailableException;
import io.roomgate.config.HistorySettings;
import io.roomgate.history.Epochs;
import io.roomgate.history.HistoryStore;
import io.roomgate.history.Kept;
import io.roomgate.history.LocalHistory;
import io.roomgate.history.Position;
import io.roomgate.history.ReplayGate;
import io.roomgate.history.Slice;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The registry's side of PROTOCOL §8: keeps rooms' messages in this node's history, or in the
 * cluster's, and reads them back. Exists only while history is on.
 */
final class Histories implements HistoryStore {

    private final HistorySettings settings;
    /** Exactly one of the two. */
    private final LocalHistory local;
    private final ClusterState cluster;
    private final ClusterState.HistoryBounds bounds;

    Histories(HistorySettings settings, ClusterState cluster, Delays delays) {
        this.settings = settings;
        this.cluster = cluster;
        this.local = cluster == null ? new LocalHistory(settings, scheduler(delays)) : null;
        this.bounds = new ClusterState.HistoryBounds(settings.size(), settings.bytes(), settings.ttl().toMillis());
    }

    /** Caffeine's timer on the server's: a room's history is freed when due even if nothing else touches the cache. */
    private static Scheduler scheduler(Delays delays) {
        return (executor, task, delay, unit) -> {
            var due = new CompletableFuture<Void>();
            delays.after(Duration.ofNanos(unit.toNanos(delay)), () -> {
                due.complete(null);
                executor.execute(task);
            });
            return due;
        };
    }

    /**
     * Gives {@code payload} (a message without offset) the room's next offset and keeps it. On a single
     * node {@code deliver} gets it in the room's order; in a cluster the backplane brings it back to
     * every node, this one included.
     *
     * @throws ClusterUnavailableException the cluster's history cannot be reached: nothing was kept
     */
    void keep(RoomKey key, String payload, String senderClientId, Echo echo, Consumer<Kept> deliver) {
        if (local != null) {
            local.append(key.tenant(), key.name(), payload, deliver);
        } else {
            cluster.keep(new ClusterEvent.KeptBroadcast(key.tenant(), key.name(), Epochs.next(), 0, payload, senderClientId,
                    echo != null, echo == null ? null : echo.id()), bounds);
        }
    }

    /**
     * A join's answer: the room's position and, from {@code since}, the messages the connection
     * missed (none unless it {@link Slice#recovers}). Without the cluster's history: no position,
     * nothing recovered.
     */
    Joining joining(Peer peer, RoomKey key, MemberPage page, Optional<Position> since, ReplayGate gate) {
        try {
            if (since.isEmpty()) {
                return new Joining(peer, page, position(key), null, List.of(), gate);
            }
            var slice = read(key.tenant(), key.name(), since.get().offset(), settings.size());
            boolean recovered = slice.recovers(since.get());
            return new Joining(peer, page, slice.position(), recovered, recovered ? slice.messages() : List.of(), gate);
        } catch (ClusterUnavailableException e) {
            return new Joining(peer, page, null, since.isPresent() ? false : null, List.of(), gate);
        }
    }

    /** The room's position; its first read gives it an epoch. */
    Position position(RoomKey key) {
        return read(key.tenant(), key.name(), 0, 0).position();
    }

    /**
     * PROTOCOL §8: {@code since} names the room's epoch but an offset it has not reached, which is a
     * malformed {@code since}, not a gap. Unknown while the cluster is unreachable: the join's own
     * read then answers {@code recovered: false}.
     */
    boolean beyondLatest(RoomKey key, Position since) {
        try {
            var position = position(key);
            return position.epoch().equals(since.epoch()) && since.offset() > position.offset();
        } catch (ClusterUnavailableException e) {
            return false;
        }
    }

    /** @throws ClusterUnavailableException in a cluster whose backplane is unreachable */
    @Override
    public Slice read(String tenant, String room, long after, int limit) {
        if (local != null) {
            return local.read(tenant, room, after, limit);
        }
        var history = cluster.history(tenant, room, after, limit, bounds, Epochs.next());
        var messages = history.messages().stream()
                .map(message -> Kept.stored(history.epoch(), message.offset(), message.payload()))
                .toList();
        return Slice.of(new Position(history.epoch(), history.latest()), messages, history.oldest(), after);
    }
}
