package io.roomgate.transport;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Sends held back until a section of code ends. The registry's atomic sections queue presence frames
 * to every member of a room: queued under the room's lock they stay in the room's order, while the
 * sends themselves (a tenth of a millisecond each on Payara's Tyrus) run after the lock is released
 * instead of serialising every join and leave of that room, handshakes included, behind them.
 * <p>
 * Thread-bound rather than passed along: the frames reach the outboxes through the backplane's
 * local delivery, which has no place for a batch, and a section's own thread is the only one that
 * may run its sends. Nested sections join the outer one. Only {@link Outbox#offer} defers: a
 * connection's own release, end and close never run in a section.
 */
public final class DeferredSends {

    /** The outboxes offered to inside the current thread's section, if any. */
    private static final ThreadLocal<Set<Outbox>> OFFERED = new ThreadLocal<>();

    private DeferredSends() {
    }

    /** Runs {@code section}; the sends its offers would start begin once it ends, in offer order. */
    public static void around(Runnable section) {
        if (OFFERED.get() != null) {
            section.run();
            return;
        }
        var offered = new LinkedHashSet<Outbox>();
        OFFERED.set(offered);
        try {
            section.run();
        } finally {
            OFFERED.remove();
            sendEach(offered);
        }
    }

    /** @return false outside a section: the caller sends at once */
    static boolean defer(Outbox outbox) {
        var offered = OFFERED.get();
        if (offered == null) {
            return false;
        }
        offered.add(outbox);
        return true;
    }

    /** Every one of them, even when one fails: a frame left queued would wait for the next offer. */
    private static void sendEach(Set<Outbox> outboxes) {
        RuntimeException first = null;
        for (Outbox outbox : outboxes) {
            try {
                outbox.pump();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
