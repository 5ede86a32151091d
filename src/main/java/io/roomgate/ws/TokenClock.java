package io.roomgate.ws;

import io.roomgate.auth.Identity;
import io.roomgate.transport.DeliveryDeadline;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * A connection's two deadlines for its current token (PROTOCOL §2.2): the {@code token:expiring}
 * warning and the expiry itself, at {@code exp} + clock skew + expired-token grace, from which its
 * outbox delivers nothing more. Two one-shot tasks on the shared {@link Scheduler} per token,
 * re-armed on refresh: nothing runs per connection in between.
 */
final class TokenClock implements DeliveryDeadline {

    /** What a connection does when one of its deadlines arrives. */
    interface Listener {
        void expiring(long exp);

        void expired(long exp);
    }

    private final Scheduler scheduler;
    private final Duration warning;
    private final long skewMillis;
    private final long graceMillis;
    private final Listener listener;
    private ScheduledFuture<?> warningTask;
    private ScheduledFuture<?> expiryTask;
    private volatile long deadlineMillis = Long.MAX_VALUE;

    TokenClock(Scheduler scheduler, Duration warning, int skewSeconds, int graceSeconds, Listener listener) {
        this.scheduler = scheduler;
        this.warning = warning;
        this.skewMillis = skewSeconds * 1000L;
        this.graceMillis = graceSeconds * 1000L;
        this.listener = listener;
    }

    /** Starts the deadlines of {@code identity}'s token, replacing those of the previous one. */
    synchronized void arm(Identity identity) {
        cancel();
        if (!identity.expires()) {
            deadlineMillis = Long.MAX_VALUE;
            return;
        }
        long exp = identity.exp();
        long expMillis = exp * 1000L;
        long now = System.currentTimeMillis();
        deadlineMillis = expMillis + skewMillis + graceMillis;
        warningTask = scheduler.schedule(() -> listener.expiring(exp),
                Duration.ofMillis(Math.max(0, expMillis - warning.toMillis() - now)));
        expiryTask = scheduler.schedule(() -> listener.expired(exp), Duration.ofMillis(Math.max(0, deadlineMillis - now)));
    }

    /** True for a token accepted only thanks to the grace: already past {@code exp} + skew. */
    boolean isInGrace(Identity identity) {
        return System.currentTimeMillis() > identity.exp() * 1000L + skewMillis;
    }

    /** True from the expiry instant on, before its task may have run: the connection's outbox sends nothing more. */
    @Override
    public boolean isPast() {
        return System.currentTimeMillis() >= deadlineMillis;
    }

    synchronized void cancel() {
        if (warningTask != null) {
            warningTask.cancel(false);
            expiryTask.cancel(false);
        }
    }
}
