package io.roomgate.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Roomgate's writes and closes on a Tyrus session (Payara, GlassFish) out of the container's own
 * end of the connection.
 * <p>
 * Why: Tyrus' servlet container ends a connection by handing the upgrade's pooled request and
 * response back to the server on whichever thread ends it, while other threads may still be writing
 * to that response or reading the client's close frame through that request; the server then hands
 * the same pooled object to two later upgrades, and those fail. The contract that keeps Roomgate out
 * of that, as a life of {@link State}s:
 * <ul>
 * <li>A close this side starts is held until the client answers a ping ({@link State#AWAITING_PONG}),
 * so that it runs on the connection's reader, the one thread reading its socket, exactly as a close
 * the client starts does. A client that does not answer within {@link #PONG_WAIT} is closed from one
 * of Roomgate's own threads instead.</li>
 * <li>Writes go through until the container starts its end ({@code @OnClose}, which Tyrus calls before
 * it hands the response back: {@link State#SESSION_CLOSING}); a write never overlaps that call and none
 * starts after it, and no close of ours starts after it either.</li>
 * </ul>
 */
final class TyrusSessionGuard {

    /**
     * How long a held close waits for the client's pong. A client answers a ping within one round
     * trip; two seconds covers the slowest mobile link, and bounds the wait for a client that never
     * answers, which is then closed from Roomgate's own thread as on every other server.
     */
    static final Duration PONG_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(TyrusSessionGuard.class.getName());

    /** One way through: each state only moves down this list, and {@code SESSION_CLOSING} is reachable from any. */
    enum State {
        /** Writes go through; this side may ask to close. */
        OPEN,
        /** This side's close is held and a ping is out; writes still go through. */
        AWAITING_PONG,
        /** The held close was handed to Tyrus (on the reader, or by the deadline); writes go through until {@code @OnClose}. */
        CLOSE_RELEASED,
        /** {@code @OnClose} has run: nothing more is written, nothing waits, no close of ours starts. */
        SESSION_CLOSING
    }

    private final Session session;
    private final Scheduler scheduler;
    private final Consumer<CloseReason> close;
    /** Guards every change of state; never held while Tyrus is asked to close, which calls {@code @OnClose}. */
    private final Object lock = new Object();
    /** Volatile so that a pong, which comes with nothing held, can be passed over without the lock. */
    private volatile State state = State.OPEN;
    /** The close {@link State#AWAITING_PONG} holds, and the deadline that releases it without a pong. */
    private CloseReason heldClose;
    private ScheduledFuture<?> pongDeadline;

    TyrusSessionGuard(Session session, Scheduler scheduler, Consumer<CloseReason> close) {
        this.session = session;
        this.scheduler = scheduler;
        this.close = close;
    }

    /**
     * Runs {@code write} unless the session is closing. The write only starts an asynchronous send, so
     * holding the lock for it delays {@code @OnClose} by no more than that start.
     */
    boolean writeUnlessClosing(Runnable write) {
        synchronized (lock) {
            if (state == State.SESSION_CLOSING) {
                return false;
            }
            write.run();
            return true;
        }
    }

    /** Holds {@code reason} and pings the client; only the first request counts. Off the container's threads. */
    void requestClose(CloseReason reason) {
        synchronized (lock) {
            if (state != State.OPEN) {
                return;
            }
            state = State.AWAITING_PONG;
            heldClose = reason;
            try {
                pongDeadline = scheduler.schedule(this::releaseClose, PONG_WAIT);
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            } catch (IOException | RuntimeException e) {
                // A socket that cannot take a ping is broken: the container's reader sees that too and ends
                // the session, and a close from here would race it. The deadline closes it should it not;
                // a stopping application schedules nothing, and the container closes every session.
                LOG.log(Level.FINE, "Ping before a close failed: {0}", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * The pong, on the connection's reader: the held close runs here. Not on any other frame: the
     * client sent the pong after reading the ping, so everything it sent before is read by now; a
     * close on an earlier frame of a flood would leave the rest unread, and the kernel would answer
     * them with a reset instead of the close frame.
     */
    void onPong() {
        if (state == State.AWAITING_PONG) {
            releaseClose();
        }
    }

    /** {@code @OnClose}: the session is closing, whoever started it. */
    void onSessionClosing() {
        ScheduledFuture<?> deadline;
        synchronized (lock) {
            state = State.SESSION_CLOSING;
            deadline = pongDeadline;
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /** From {@link State#AWAITING_PONG} only, once: by the pong or by the deadline, whichever comes first. */
    private void releaseClose() {
        CloseReason reason;
        ScheduledFuture<?> deadline;
        synchronized (lock) {
            if (state != State.AWAITING_PONG) {
                return;
            }
            state = State.CLOSE_RELEASED;
            reason = heldClose;
            deadline = pongDeadline;
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
        // outside the lock: Tyrus calls @OnClose, and so onSessionClosing, from within this close
        close.accept(reason);
    }
}
