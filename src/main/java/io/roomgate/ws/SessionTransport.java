package io.roomgate.ws;

import io.roomgate.rooms.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@link Transport} over a Jakarta WebSocket session's asynchronous remote. */
final class SessionTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());

    private final Session session;
    private final Scheduler scheduler;

    SessionTransport(Session session, long sendTimeoutMillis, Scheduler scheduler) {
        this.session = session;
        this.scheduler = scheduler;
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

    /** Off the caller's thread: writing a close frame to a stalled socket must not hold up a broadcast. */
    @Override
    public void close(int code, String reason) {
        scheduler.execute(() -> closeNow(code, reason));
    }

    private void closeNow(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing an already broken session failed: {0}", e.getClass().getSimpleName());
        }
    }
}
