package io.roomgate.ws;

import io.roomgate.metrics.RoomgateMetrics;
import io.roomgate.protocol.Close;
import io.roomgate.transport.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@link Transport} over a Jakarta WebSocket session's asynchronous remote. */
final class SessionTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());

    private final Session session;
    private final Scheduler scheduler;
    /** Only on Tyrus (see there); null elsewhere. */
    private final TyrusSessionGuard tyrusGuard;
    private final RoomgateMetrics metrics;
    /** Whether the caller is the drain of an exiting JVM, whose closes go out at once, on its own thread. */
    private final BooleanSupplier onExitDrain;
    /** The close this side started; null while the client may still be the one closing. */
    private volatile Close closed;
    /** What must be done before the client can see a close this side starts ({@link #beforeClose}). */
    private volatile Runnable beforeClose = () -> { };

    SessionTransport(Session session, long sendTimeoutMillis, Scheduler scheduler, RoomgateMetrics metrics,
                     BooleanSupplier onExitDrain) {
        this.session = session;
        this.onExitDrain = onExitDrain;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.tyrusGuard = session.getClass().getName().startsWith("org.glassfish.tyrus.")
                ? new TyrusSessionGuard(session, scheduler, this::closeNow) : null;
        session.getAsyncRemote().setSendTimeout(sendTimeoutMillis);
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        metrics.sent(text.length());
        try {
            if (tyrusGuard == null) {
                write(text, done);
            } else if (!tyrusGuard.writeUnlessClosing(() -> write(text, done))) {
                done.accept(new IllegalStateException("session closing"));
            }
        } catch (RuntimeException e) {
            // a session closed underneath us refuses sends: that is a failed send, not a crash
            done.accept(e);
        }
    }

    private void write(String text, Consumer<Throwable> done) {
        session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
    }

    /**
     * Closes on the closer, never on the calling thread (on Tyrus: once the client's pong is in, see
     * {@link TyrusSessionGuard}). The Outbox closes from send completions (a failed send, or the close
     * queued behind the last frame), and those run on the container's I/O threads. Open Liberty's
     * Session.close() then waits for the connection's pending read, which needs one of those same
     * threads: a few clients vanishing at once parked every one of them for about a minute, and the
     * server stopped answering upgrades meanwhile. The closer's threads are not the container's.
     */
    @Override
    public void close(Close close) {
        closed = close;
        var closeReason = close.frame();
        if (tyrusGuard == null && onExitDrain.getAsBoolean()) {
            // the exiting JVM's drain hook, not a container thread: the server's own close of this
            // session follows within milliseconds (WildFly: 1001 without a reason), a pool would lose
            closeNow(closeReason);
            return;
        }
        try {
            scheduler.executeBlocking(() -> {
                prepareClose();
                if (tyrusGuard != null) {
                    tyrusGuard.requestClose(closeReason);
                } else {
                    closeNow(closeReason);
                }
            });
        } catch (RejectedExecutionException e) {
            // The application is stopping: the container closes every session itself, and closing here
            // could block the container thread (see above) in the middle of the undeploy.
            LOG.fine("Application stopping; leaving the session's close to the container");
        }
    }

    /**
     * {@code task} runs on the closer before each close this side starts goes out (on Tyrus before the
     * ping that precedes it); not where an exiting JVM's drain closes at once, which must not wait (the
     * node's stop then takes its share of the cluster back).
     */
    void beforeClose(Runnable task) {
        beforeClose = task;
    }

    /**
     * Tyrus answers a client's close only after the endpoint's close callback returns (its sources);
     * Undertow sends the answer first and may call back on an I/O thread.
     */
    boolean answersCloseAfterCallback() {
        return tyrusGuard != null;
    }

    /** How this side closed the connection, for {@code roomgate_connections_closed_total}; null: it did not. */
    Close closed() {
        return closed;
    }

    /** A pong came in, on the connection's reader. */
    void onPong() {
        if (tyrusGuard != null) {
            tyrusGuard.onPong();
        }
    }

    /** The container is closing the session (the endpoint's {@code @OnClose}). */
    void onClosing() {
        if (tyrusGuard != null) {
            tyrusGuard.onSessionClosing();
        }
    }

    private void prepareClose() {
        try {
            beforeClose.run();
        } catch (RuntimeException e) {
            // the close goes out anyway: a socket left open would be the worse failure
            LOG.log(Level.FINE, "Preparing a close failed: {0}", e.getClass().getSimpleName());
        }
    }

    private void closeNow(CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing an already broken session failed: {0}", e.getClass().getSimpleName());
        }
    }
}
