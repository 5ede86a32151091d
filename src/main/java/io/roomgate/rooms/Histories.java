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
import io.roomgate.history.Slice;
import java.time.Duration;
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

    /** The messages a join from {@code since} missed (none unless it {@link Slice#recovers}), and the room's position. */
    Slice recover(RoomKey key, Position since) {
        return read(key.tenant(), key.name(), since.offset(), settings.size());
    }

    /** The room's position; its first read gives it an epoch. */
    Position position(RoomKey key) {
        return read(key.tenant(), key.name(), 0, 0).position();
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

    int size() {
        return settings.size();
    }
}
