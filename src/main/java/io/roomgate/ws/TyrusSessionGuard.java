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
 * Tyrus' servlet container ends a connection by handing the upgrade's pooled request and response
 * back to the server, on whichever thread ends it, while other threads may still be writing to that
 * response or reading the client's close frame with that request. Payara then hands one pooled object
 * to two later upgrades, which fail with {@code Already Suspended}, a {@code NullPointerException} in
 * Tyrus' upgrade handler, {@code Connection is closed}, a wrong {@code Sec-WebSocket-Accept}, or a
 * minute's hang. Two rules keep Roomgate out of it:
 * <ul>
 * <li>A close by the server waits for the client's pong, so that it runs on the connection's reader,
 * the one thread that reads its socket, as a close the client starts does. A server closing on its
 * own thread while the client's answering close was read met the failure about once in 300 refusals;
 * a close the client started, never. A client that does not answer within {@link #PONG_WAIT} is
 * closed from one of Roomgate's own threads, as every close was before; a socket too broken to take
 * the ping is left to the container's reader, which sees the same failure.</li>
 * <li>A write does not overlap the container's start of a close ({@code @OnClose}, which Tyrus calls
 * before it ends the connection), and none starts after it. Tyrus itself takes writes until just
 * before it hands the response back, so a broadcast's write could still be in that response then
 * (read in Tyrus 2.1.5; no failure was measured from it alone).</li>
 * </ul>
 */
final class TyrusSessionGuard {

    /** A client answers a ping within a round trip; this is for the slowest mobile link, and a bound for one that never does. */
    private static final Duration PONG_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(TyrusSessionGuard.class.getName());

    private final Session session;
    private final Scheduler scheduler;
    private final Consumer<CloseReason> close;
    private final Object lock = new Object();
    private volatile CloseReason heldClose;
    private boolean released;
    private boolean sessionClosing;
    private ScheduledFuture<?> pongDeadline;

    TyrusSessionGuard(Session session, Scheduler scheduler, Consumer<CloseReason> close) {
        this.session = session;
        this.scheduler = scheduler;
        this.close = close;
    }

    /**
     * Runs {@code write} unless the session is closing. The lock is never held while Tyrus is asked to
     * close, so a write in progress only delays {@code @OnClose} by its own length.
     */
    boolean writeUnlessClosing(Runnable write) {
        synchronized (lock) {
            if (sessionClosing) {
                return false;
            }
            write.run();
            return true;
        }
    }

    /** Holds {@code reason} and pings the client; called once per connection, off the container's threads. */
    void requestClose(CloseReason reason) {
        synchronized (lock) {
            if (heldClose != null || sessionClosing) {
                return;
            }
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
     * The pong: a held close runs here, on the connection's reader. Not on any other frame: the client
     * sent the pong after reading the ping, so what it sent before is read by now, while a close on one
     * of its frames in a flood left the rest unread and the kernel answered them with a reset instead
     * of the close frame.
     */
    void onPong() {
        if (heldClose != null) {
            releaseClose();
        }
    }

    /** {@code @OnClose}: the session is closing, whoever started it. Nothing more is written, nothing waits. */
    void onSessionClosing() {
        ScheduledFuture<?> deadline;
        synchronized (lock) {
            sessionClosing = true;
            deadline = pongDeadline;
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void releaseClose() {
        CloseReason reason;
        ScheduledFuture<?> deadline;
        synchronized (lock) {
            if (released || heldClose == null) {
                return;
            }
            released = true;
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
