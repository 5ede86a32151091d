package io.roomgate.limits;

/**
 * A token bucket: {@code perSecond} refill up to {@code burst}, full at the start. Not
 * synchronised: its owner either is single-threaded or locks around it.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, long burst, long nowNanos) {
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** Takes one token if there is one. */
    boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (holds(1)) {
            take(1);
            return true;
        }
        return false;
    }

    /** Adds what the time since the last refill earned, up to the burst. */
    void refill(long nowNanos) {
        // a caller may have read the clock before another took the lock and moved refilledAt past it
        if (nowNanos - refilledAt > 0) {
            tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * perNano);
            refilledAt = nowNanos;
        }
    }

    boolean holds(long amount) {
        return tokens >= amount;
    }

    void take(long amount) {
        tokens -= amount;
    }

    /** {@link #nanosUntil} in milliseconds, rounded up and at least 1: a client told 0 would retry at once. */
    long millisUntil(long amount) {
        return Math.max(1, (nanosUntil(amount) + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI);
    }

    /** How long until {@code amount} tokens are there, in nanoseconds, as of the last refill. */
    private long nanosUntil(long amount) {
        return tokens >= amount ? 0 : (long) Math.ceil((amount - tokens) / perNano);
    }
}
