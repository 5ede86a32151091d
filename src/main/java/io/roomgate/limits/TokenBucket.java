package io.roomgate.limits;

/**
 * A token bucket: {@code perSecond} refill up to {@code burst}, full at the start. Not
 * synchronised: its owner either is single-threaded or locks around it.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** Takes one token if there is one. */
    boolean tryTake(long nowNanos) {
        // a caller may have read the clock before another took the lock and moved refilledAt past it
        if (nowNanos - refilledAt > 0) {
            tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * perNano);
            refilledAt = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until the next token, in nanoseconds, as of the last {@link #tryTake}. */
    long nanosUntilNextToken() {
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }
}
