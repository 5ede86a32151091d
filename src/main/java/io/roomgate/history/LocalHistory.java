package io.roomgate.history;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.roomgate.config.HistorySettings;
import java.util.function.Consumer;

/**
 * A single node's history of every room, each forgotten {@code ttl} after its last message (or after
 * its first join when nobody has spoken): its memory is freed and the room's next epoch is new.
 */
public final class LocalHistory implements HistoryStore {

    private final HistorySettings settings;
    private final Cache<Scope, RoomHistory> rooms;

    /** @param scheduler wakes the cache when a room's history is due, so idle rooms are freed too */
    public LocalHistory(HistorySettings settings, Scheduler scheduler) {
        this.settings = settings;
        long ttl = settings.ttl().toNanos();
        this.rooms = Caffeine.newBuilder()
                .expireAfter(new Expiry<Scope, RoomHistory>() {
                    @Override
                    public long expireAfterCreate(Scope key, RoomHistory value, long now) {
                        return ttl;
                    }

                    /** Only appends replace an entry: a message restarts the room's ttl. */
                    @Override
                    public long expireAfterUpdate(Scope key, RoomHistory value, long now, long current) {
                        return ttl;
                    }

                    @Override
                    public long expireAfterRead(Scope key, RoomHistory value, long now, long current) {
                        return current;
                    }
                })
                .executor(Runnable::run)
                .scheduler(scheduler)
                .build();
    }

    /**
     * Gives the message the room's next offset and keeps it; {@code deliver} runs in the room's
     * section, so members are handed the room's messages in offset order.
     */
    public Kept append(String tenant, String room, String payload, Consumer<Kept> deliver) {
        var appended = new Kept[1];
        rooms.asMap().compute(new Scope(tenant, room), (scope, held) -> {
            var history = held == null ? new RoomHistory() : held;
            appended[0] = history.append(payload, settings.size(), settings.bytes());
            deliver.accept(appended[0]);
            return history;
        });
        return appended[0];
    }

    @Override
    public Slice read(String tenant, String room, long after, int limit) {
        return rooms.get(new Scope(tenant, room), scope -> new RoomHistory()).after(after, limit);
    }

    private record Scope(String tenant, String room) {
    }
}
