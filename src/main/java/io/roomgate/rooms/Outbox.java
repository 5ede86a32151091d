package io.roomgate.rooms;

import io.roomgate.protocol.Close;
import io.roomgate.protocol.Utf8;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A connection's bounded outbound queue. Producers never block: frames are queued and sent one
 * at a time asynchronously, so a slow client only ever fills its own queue. Past the byte bound
 * the connection is closed 1013 {@code Slow consumer} (PROTOCOL §5).
 */
public final class Outbox {

    /** The outboxes offered to inside the current thread's {@link #deferringSends} section, if any. */
    private static final ThreadLocal<Set<Outbox>> DEFERRED = new ThreadLocal<>();

    private final Transport transport;
    private final long maxQueuedBytes;
    private final Runnable onClosing;
    private final Deque<Item> queue = new ConcurrentLinkedDeque<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean pumping;
    private volatile boolean closing;
    /** Epoch millis from which nothing more is sent but a {@link #finish} frame: the token's end. */
    private volatile long deadlineMillis = Long.MAX_VALUE;

    /**
     * @param held    when true nothing is sent until {@link #release(String)}: frames that race a
     *                connection's set-up queue behind the frame that must come first
     * @param onClosing told when this side closes the connection (dropped, or its close reached
     *                  after the last frame), so that it stops counting and leaves its rooms at once
     *                  rather than whenever the container reports the close
     */
    public Outbox(Transport transport, long maxQueuedBytes, boolean held, Runnable onClosing) {
        this.transport = transport;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onClosing = onClosing;
        this.pumping = new AtomicBoolean(held);
    }

    /** Starts sending a held outbox with {@code first} ahead of everything queued meanwhile. */
    public void release(String first) {
        int bytes = Utf8.length(first);
        queuedBytes.addAndGet(bytes);
        queue.addFirst(new Item(first, bytes, null, false));
        pumping.set(false);
        pump();
    }

    /**
     * Runs {@code section} with the sends its offers would start held back until it ends. The
     * registry's atomic sections queue presence frames to every member of a room: queued under the
     * room's lock they stay in the room's order, while the sends themselves (a tenth of a millisecond
     * each on Payara's Tyrus) run after the lock is released instead of serialising every join and
     * leave of that room, handshakes included, behind them. Nested sections join the outer one.
     * Only {@link #offer} defers: a connection's own release, finish and close never run in a section.
     */
    public static void deferringSends(Runnable section) {
        if (DEFERRED.get() != null) {
            section.run();
            return;
        }
        var offered = new LinkedHashSet<Outbox>();
        DEFERRED.set(offered);
        try {
            section.run();
        } finally {
            DEFERRED.remove();
            pumpEach(offered);
        }
    }

    /** Every one of them, even when one fails: a frame left queued would wait for the next offer. */
    private static void pumpEach(Set<Outbox> outboxes) {
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

    /** Queues a frame; false when the connection is closing and the frame was dropped. */
    public boolean offer(String text) {
        return offer(text, Utf8.length(text));
    }

    /**
     * Queues a frame whose UTF-8 size the caller knows: a broadcast measures its frame once for
     * every member instead of once per member.
     */
    public boolean offer(String text, int bytes) {
        if (closing || System.currentTimeMillis() >= deadlineMillis) {
            return false;
        }
        if (queuedBytes.addAndGet(bytes) > maxQueuedBytes) {
            abort(Close.SLOW_CONSUMER);
            return false;
        }
        queue.add(new Item(text, bytes, null, false));
        var deferred = DEFERRED.get();
        if (deferred == null) {
            pump();
        } else {
            deferred.add(this);
        }
        return true;
    }

    /** From this instant (epoch millis) on, frames are dropped instead of sent, queued ones included. */
    public void deliverUntil(long epochMillis) {
        deadlineMillis = epochMillis;
    }

    /**
     * Drops whatever is queued, sends {@code lastFrame} and closes: the end of a connection whose
     * credential ran out, after which nothing else may reach the client.
     */
    public void finish(String lastFrame, Close close) {
        if (closing) {
            return;
        }
        closing = true;
        queue.clear();
        queue.add(new Item(lastFrame, 0, null, true));
        queue.add(new Item(null, 0, close, true));
        pump();
    }

    /** Sends what is already queued, then closes; later frames are dropped. */
    public void closeAfterFlush(Close close) {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(new Item(null, 0, close, true));
        pump();
    }

    /** Closes at once, dropping whatever is queued. */
    public void abort(Close close) {
        if (closing) {
            return;
        }
        closing = true;
        queue.clear();
        onClosing.run();
        transport.close(close);
    }

    public boolean isClosing() {
        return closing;
    }

    private void pump() {
        if (!pumping.compareAndSet(false, true)) {
            return;
        }
        for (;;) {
            Item item = queue.poll();
            if (item == null) {
                pumping.set(false);
                // A producer may have queued between poll() and set(false) and seen pumping=true.
                if (queue.isEmpty() || !pumping.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (item.text == null) {
                onClosing.run();
                transport.close(item.close);
                return; // pumping stays true: nothing is sent after a close
            }
            queuedBytes.addAndGet(-item.bytes);
            if (!item.last && System.currentTimeMillis() >= deadlineMillis) {
                continue;
            }
            var completion = new Completion();
            transport.sendText(item.text, completion);
            if (!completion.continueInline()) {
                return;
            }
        }
    }

    /**
     * Joins the sender's completion with the pump loop: a send completed inline lets the loop go on
     * (no recursion, however long the queue); a send completed later resumes pumping itself.
     */
    private final class Completion implements Consumer<Throwable> {
        private static final int PENDING = 0;
        private static final int DONE_INLINE = 1;
        private static final int RETURNED = 2;
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private volatile Throwable failure;

        @Override
        public void accept(Throwable error) {
            failure = error;
            if (!state.compareAndSet(PENDING, DONE_INLINE)) {
                resume();
            }
        }

        boolean continueInline() {
            if (state.compareAndSet(PENDING, RETURNED)) {
                return false;
            }
            if (failure != null) {
                failed();
                return false;
            }
            return true;
        }

        private void resume() {
            if (failure != null) {
                failed();
                return;
            }
            pumping.set(false);
            pump();
        }

        private void failed() {
            // A send that failed or timed out means the client stopped reading.
            pumping.set(false);
            abort(Close.SLOW_CONSUMER);
        }
    }

    /**
     * A frame ({@code text}, counted as {@code bytes} of the queue's bound) or the close ({@code text}
     * null); {@code last} items ignore the deadline and the bound.
     */
    private record Item(String text, int bytes, Close close, boolean last) {
    }
}
