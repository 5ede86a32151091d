package io.roomgate.transport;

import io.roomgate.protocol.Close;
import io.roomgate.protocol.Utf8;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A connection's bounded outbound queue. Producers never block: frames are queued and sent one
 * at a time asynchronously, so a slow client only ever fills its own queue. Past the bound (UTF-8
 * bytes queued) the connection is closed 1013 {@code Slow consumer} (PROTOCOL §5).
 */
public final class Outbox {

    /** Who may send the queue now. */
    private enum Sender {
        /** Nothing is sent until {@link #release}: frames that race a connection's set-up wait behind its first frame. */
        HELD,
        /** Nobody is sending; the next offer sends. */
        IDLE,
        /** One thread is sending the queue, or one of its sends is in flight. */
        SENDING,
        /** The close went out: nothing is sent after it. */
        CLOSED
    }

    private final Transport transport;
    private final long maxQueuedBytes;
    private final DeliveryDeadline deadline;
    private final Runnable onClosing;
    private final Deque<Item> queue = new ConcurrentLinkedDeque<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicReference<Sender> sender;
    /** No more frames are taken: a close is queued or sent. */
    private volatile boolean closing;

    private Outbox(Transport transport, long maxQueuedBytes, DeliveryDeadline deadline, Runnable onClosing, Sender sender) {
        this.transport = transport;
        this.maxQueuedBytes = maxQueuedBytes;
        this.deadline = deadline;
        this.onClosing = onClosing;
        this.sender = new AtomicReference<>(sender);
    }

    /**
     * An outbox that sends nothing until {@link #release}: a connection's, whose first frame must come
     * before whatever is offered to it meanwhile.
     *
     * @param deadline  from when frames are dropped instead of sent (but for the last one of {@link #finish})
     * @param onClosing told when this side closes the connection (dropped, or its close reached after
     *                  the last frame), so that it stops counting and leaves its rooms at once rather
     *                  than whenever the container reports the close
     */
    public static Outbox held(Transport transport, long maxQueuedBytes, DeliveryDeadline deadline, Runnable onClosing) {
        return new Outbox(transport, maxQueuedBytes, deadline, onClosing, Sender.HELD);
    }

    /** An outbox that sends from its first offer on; see {@link #held}. */
    public static Outbox open(Transport transport, long maxQueuedBytes, DeliveryDeadline deadline, Runnable onClosing) {
        return new Outbox(transport, maxQueuedBytes, deadline, onClosing, Sender.IDLE);
    }

    /** Starts sending a held outbox with {@code first} ahead of everything queued meanwhile. */
    public void release(String first) {
        int bytes = Utf8.length(first);
        queuedBytes.addAndGet(bytes);
        queue.addFirst(new Frame(first, bytes, false));
        if (!sender.compareAndSet(Sender.HELD, Sender.IDLE)) {
            throw new IllegalStateException("released twice");
        }
        pump();
    }

    /**
     * Sends the end a held outbox was given while its connection was still being admitted (a
     * revocation's cut, say): that connection will never get its first frame, and without this its
     * error and close would wait in the queue until the container gave up on the socket.
     */
    public void releaseEnded() {
        if (closing && sender.compareAndSet(Sender.HELD, Sender.IDLE)) {
            pump();
        }
    }

    /** Queues a frame; false when the connection is closing and the frame was dropped. */
    public boolean offer(String text) {
        return offer(text, Utf8.length(text));
    }

    /**
     * Queues a frame whose UTF-8 size the caller knows: a broadcast measures its frame once for
     * every member instead of once per member. Inside a {@link DeferredSends} section the send
     * starts when the section ends.
     */
    public boolean offer(String text, int bytes) {
        if (closing || deadline.isPast()) {
            return false;
        }
        if (queuedBytes.addAndGet(bytes) > maxQueuedBytes) {
            abort(Close.SLOW_CONSUMER);
            return false;
        }
        queue.add(new Frame(text, bytes, false));
        if (!DeferredSends.defer(this)) {
            pump();
        }
        return true;
    }

    /**
     * Sends {@code lastFrame} after what is already queued, then closes: the one way a connection ends
     * itself with an error. A held outbox is released with it: the connection never got its first frame.
     */
    public void endWith(String lastFrame, Close close) {
        if (sender.get() == Sender.HELD) {
            release(lastFrame);
        } else {
            offer(lastFrame);
        }
        closeAfterFlush(close);
    }

    /**
     * Drops whatever is queued, sends {@code lastFrame} and closes: the end of a connection whose
     * credential ran out, after which nothing else may reach the client.
     */
    public void finish(String lastFrame, Close close) {
        if (startClosing()) {
            queue.clear();
            queue.add(new Frame(lastFrame, 0, true));
            queue.add(new CloseAfter(close));
            pump();
        }
    }

    /** Sends what is already queued, then closes; later frames are dropped. */
    public void closeAfterFlush(Close close) {
        if (startClosing()) {
            queue.add(new CloseAfter(close));
            pump();
        }
    }

    /**
     * Closes at once, dropping whatever is queued. The close goes to the transport before the
     * connection leaves its rooms: on an exiting JVM the server's own close of the socket is
     * milliseconds away, and the leaves' presence fan-out would only delay this one.
     */
    public void abort(Close close) {
        if (startClosing()) {
            queue.clear();
            transport.close(close);
            onClosing.run();
        }
    }

    public boolean isClosing() {
        return closing;
    }

    /** @return false when a close was already under way: the first close is the one that counts */
    private boolean startClosing() {
        if (closing) {
            return false;
        }
        closing = true;
        return true;
    }

    void pump() {
        if (!sender.compareAndSet(Sender.IDLE, Sender.SENDING)) {
            return;
        }
        for (;;) {
            Item item = queue.poll();
            if (item == null) {
                sender.set(Sender.IDLE);
                // A producer may have queued between poll() and set(IDLE) and seen SENDING.
                if (queue.isEmpty() || !sender.compareAndSet(Sender.IDLE, Sender.SENDING)) {
                    return;
                }
                continue;
            }
            if (item instanceof CloseAfter end) {
                sender.set(Sender.CLOSED);
                onClosing.run();
                transport.close(end.close());
                return;
            }
            var frame = (Frame) item;
            queuedBytes.addAndGet(-frame.bytes());
            if (!frame.last() && deadline.isPast()) {
                continue;
            }
            var completion = new Completion();
            transport.sendText(frame.text(), completion);
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
            sender.set(Sender.IDLE);
            pump();
        }

        private void failed() {
            // A send that failed or timed out means the client stopped reading.
            sender.set(Sender.IDLE);
            abort(Close.SLOW_CONSUMER);
        }
    }

    /** What the queue holds: frames, and at most one close behind them. */
    private sealed interface Item permits Frame, CloseAfter {
    }

    /** {@code bytes}: its share of the queue's bound; a {@code last} frame ignores the deadline and the bound. */
    private record Frame(String text, int bytes, boolean last) implements Item {
    }

    private record CloseAfter(Close close) implements Item {
    }
}
