package io.roomgate.ws;

import io.roomgate.rooms.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@link Transport} over a Jakarta WebSocket session's asynchronous remote. */
final class SessionTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());

    private final Session session;
    private final Executor closer;

    SessionTransport(Session session, long sendTimeoutMillis, Executor closer) {
        this.session = session;
        this.closer = closer;
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
     * Closes on the closer, never on the calling thread. The Outbox closes from send completions (a failed
     * send, or the close queued behind the last frame), and those run on the container's I/O threads. Open
     * Liberty's Session.close() then waits for the connection's pending read, which needs one of those same
     * threads: a few clients vanishing at once parked every one of them for about a minute, and the server
     * stopped answering upgrades meanwhile. The closer's threads are not the container's.
     */
    @Override
    public void close(int code, String reason) {
        try {
            closer.execute(() -> closeNow(code, reason));
        } catch (RejectedExecutionException e) {
            // The application is stopping: the container closes every session itself, and closing here
            // could block the container thread (see above) in the middle of the undeploy.
            LOG.fine("Application stopping; leaving the session's close to the container");
        }
    }

    private void closeNow(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing an already broken session failed: {0}", e.getClass().getSimpleName());
        }
    }
}
