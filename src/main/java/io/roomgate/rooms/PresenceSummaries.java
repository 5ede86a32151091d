package io.roomgate.rooms;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The tick behind large rooms' count summaries (PROTOCOL §2.0). A join or leave in a large room
 * only marks the room changed; one tick, a second later, summarises every changed room. Ticks are
 * at least a second apart (each is scheduled a second after the previous one ended, or after the
 * first change since it ran), so nobody gets more than one summary a second, and none runs while
 * no room changed: an idle server, or one without large rooms, has no timer at all.
 */
final class PresenceSummaries {

    static final Duration PERIOD = Duration.ofSeconds(1);

    private final Set<RoomKey> changed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Delays delays;
    private final Consumer<RoomKey> summarise;

    PresenceSummaries(Delays delays, Consumer<RoomKey> summarise) {
        this.delays = delays;
        this.summarise = summarise;
    }

    void changed(RoomKey room) {
        changed.add(room);
        scheduleIfIdle();
    }

    private void tick() {
        try {
            for (RoomKey room : List.copyOf(changed)) {
                // removed before it is read: a change from now on marks the room for the next tick
                changed.remove(room);
                summarise.accept(room);
            }
        } finally {
            scheduled.set(false);
            if (!changed.isEmpty()) {
                scheduleIfIdle();
            }
        }
    }

    private void scheduleIfIdle() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                delays.after(PERIOD, this::tick);
            } catch (RejectedExecutionException e) {
                // the application is stopping: nobody is left to tell, and a join must not fail for it
                scheduled.set(false);
            }
        }
    }
}
