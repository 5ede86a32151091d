package io.roomgate.ws;

import io.roomgate.rooms.Peer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A connection's authentication life as one value: awaiting {@code hub:connect} (until a deadline),
 * admitting, refused, open (a registered {@link Peer}), closed. It never goes back, and only the first
 * of admission, refusal and the deadline takes it out of awaiting. Whether this side is closing is
 * not part of it: kicks, revocations, the drain and slow sends close the outbox from outside the
 * connection, so the outbox is the one to ask.
 */
final class ConnectionState {

    private sealed interface State permits Awaiting, Open, Phase {
    }

    /** No credential yet; {@code deadline} is null until the connection starts waiting. */
    private record Awaiting(ScheduledFuture<?> deadline) implements State {
        void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    private record Open(Peer peer) implements State {
    }

    private enum Phase implements State {
        /** A credential was proven; the connection is being registered. */
        ADMITTING,
        /** Its error and close are on their way. */
        REFUSED,
        CLOSED
    }

    private static final Awaiting NOT_STARTED = new Awaiting(null);

    private final AtomicReference<State> state = new AtomicReference<>(NOT_STARTED);

    /** Waits for {@code hub:connect} until {@code deadline}, which is cancelled if the wait is already over. */
    void awaitConnect(ScheduledFuture<?> deadline) {
        var awaiting = new Awaiting(deadline);
        if (!state.compareAndSet(NOT_STARTED, awaiting)) {
            awaiting.cancelDeadline();
        }
    }

    /** @return true for the one caller that takes the connection out of awaiting, to admit it */
    boolean startAdmitting() {
        return settle(Phase.ADMITTING);
    }

    /** @return true for the one caller that takes the connection out of awaiting, to refuse it */
    boolean refuse() {
        return settle(Phase.REFUSED);
    }

    /** Admission ended without opening: refused, unless the socket closed meanwhile. */
    void admissionRefused() {
        state.compareAndSet(Phase.ADMITTING, Phase.REFUSED);
    }

    /** @return false when the socket closed while the connection was being admitted */
    boolean open(Peer peer) {
        return state.compareAndSet(Phase.ADMITTING, new Open(peer));
    }

    /** The open connection's peer; null before it opened and once it closed. */
    Peer peer() {
        return state.get() instanceof Open open ? open.peer() : null;
    }

    /**
     * The socket closed: a pending deadline is cancelled, and an open connection's peer handed to
     * {@code leave}.
     *
     * @return false when the close was already reported
     */
    boolean close(Consumer<Peer> leave) {
        State previous = state.getAndSet(Phase.CLOSED);
        if (previous instanceof Awaiting awaiting) {
            awaiting.cancelDeadline();
        } else if (previous instanceof Open open) {
            leave.accept(open.peer());
        }
        return previous != Phase.CLOSED;
    }

    private boolean settle(Phase next) {
        State current = state.get();
        while (current instanceof Awaiting awaiting) {
            if (state.compareAndSet(awaiting, next)) {
                awaiting.cancelDeadline();
                return true;
            }
            current = state.get();
        }
        return false;
    }
}
