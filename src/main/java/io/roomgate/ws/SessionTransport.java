package io.roomgate.ws;

import io.roomgate.rooms.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link Transport} over a Jakarta WebSocket session's asynchronous remote.
 * <p>
 * <b>Closes on Tyrus (Payara, GlassFish) run on the connection's own reader.</b> Tyrus' servlet
 * container ends a connection Roomgate closes by handing the upgrade's pooled request back to the
 * server at once, while the client's answering close frame is being read on another thread with that
 * same request. Payara then hands one request object to two later upgrades, which fail with
 * {@code Already Suspended}, a {@code NullPointerException} in Tyrus' upgrade handler, a wrong
 * {@code Sec-WebSocket-Accept}, or a minute's hang: measured at 1 in 300 of a flood of refused
 * connections, never when the client closes. A client's close is read, answered and ended on the
 * connection's reader, where nothing else reads that socket. So Roomgate sends a ping and closes when
 * the pong (or any frame) comes in, on that reader; a client that does not answer within
 * {@link #PONG_WAIT} is closed from a pool thread as before. Other servers close at once.
 */
final class SessionTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());
    /** A client answers a ping within a round trip; this is for the slowest mobile link, and a bound for one that never does. */
    private static final Duration PONG_WAIT = Duration.ofSeconds(2);

    private final Session session;
    private final Scheduler scheduler;
    private final boolean closesOnReader;
    private final AtomicReference<CloseReason> heldClose = new AtomicReference<>();
    private final AtomicBoolean heldCloseDone = new AtomicBoolean();
    private volatile ScheduledFuture<?> pongDeadline;

    SessionTransport(Session session, long sendTimeoutMillis, Scheduler scheduler) {
        this.session = session;
        this.scheduler = scheduler;
        this.closesOnReader = session.getClass().getName().startsWith("org.glassfish.tyrus.");
        session.getAsyncRemote().setSendTimeout(sendTimeoutMillis);
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
        } catch (RuntimeException e) {
            // a session closed underneath us refuses sends: that is a failed send, not a crash
            done.accept(e);
        }
    }

    /**
     * Closes on the closer, never on the calling thread (on Tyrus: asks for a pong to close on, see
     * above). The Outbox closes from send completions (a failed send, or the close queued behind the
     * last frame), and those run on the container's I/O threads. Open Liberty's Session.close() then
     * waits for the connection's pending read, which needs one of those same threads: a few clients
     * vanishing at once parked every one of them for about a minute, and the server stopped answering
     * upgrades meanwhile. The closer's threads are not the container's.
     */
    @Override
    public void close(int code, String reason) {
        var closeReason = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
        try {
            scheduler.executeBlocking(closesOnReader ? () -> closeOnReader(closeReason) : () -> closeNow(closeReason));
        } catch (RejectedExecutionException e) {
            // The application is stopping: the container closes every session itself, and closing here
            // could block the container thread (see above) in the middle of the undeploy.
            LOG.fine("Application stopping; leaving the session's close to the container");
        }
    }

    /**
     * The connection's reader has a frame (a pong included): a close waiting for it runs here. Called by the
     * endpoint before the frame is handled.
     */
    void onInbound() {
        if (heldClose.get() != null) {
            closeHeld();
        }
    }

    private void closeOnReader(CloseReason reason) {
        if (!heldClose.compareAndSet(null, reason)) {
            return;
        }
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            pongDeadline = scheduler.schedule(this::closeHeld, PONG_WAIT);
        } catch (IOException | RuntimeException e) {
            // nothing will answer a socket that cannot take a ping
            closeHeld();
        }
    }

    private void closeHeld() {
        if (!heldCloseDone.compareAndSet(false, true)) {
            return;
        }
        var deadline = pongDeadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        closeNow(heldClose.get());
    }

    private void closeNow(CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing an already broken session failed: {0}", e.getClass().getSimpleName());
        }
    }
}
