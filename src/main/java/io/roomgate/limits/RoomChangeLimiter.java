package io.roomgate.limits;

/**
 * PROTOCOL §5's bound on one connection's joins plus leaves: each of them makes presence frames
 * for a whole room, so a connection toggling membership would cost every member a frame per
 * toggle. Called from the connection's frames, which arrive one at a time.
 */
public final class RoomChangeLimiter {

    public static final String LIMIT = "joins-per-second";

    private final TokenBucket bucket;

    public RoomChangeLimiter(Rate rate, long nowNanos) {
        this.bucket = new TokenBucket(rate.perSecond(), rate.burst(), nowNanos);
    }

    /** @return 0 when the change may go ahead, else the milliseconds until one would */
    public long tryChange(long nowNanos) {
        if (bucket.tryTake(nowNanos)) {
            return 0;
        }
        return bucket.millisUntil(1);
    }
}
