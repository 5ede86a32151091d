package io.roomgate.limits;

import java.util.Arrays;

/**
 * PROTOCOL §5's frame limit for one connection: a token bucket ({@code perSecond} refill,
 * {@code burst} capacity). A frame over it is dropped; the first drop of each second is to be
 * answered; more than {@code maxDrops} drops within ten seconds ends the connection. Inbound
 * frames of one socket arrive one at a time, so no synchronisation is needed.
 */
public final class FrameRateLimiter {

    /** What to do with a frame. */
    public enum Verdict { ACCEPT, DROP_AND_ANSWER, DROP, CLOSE }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int WINDOW_SECONDS = 10;

    private final TokenBucket bucket;
    private final int maxDrops;
    /** Drops per second of the last ten, made on the first drop: most connections never drop. */
    private int[] drops;
    private long[] dropSecond;

    public FrameRateLimiter(int perSecond, int burst, int maxDrops, long nowNanos) {
        this.bucket = new TokenBucket(perSecond, burst, nowNanos);
        this.maxDrops = maxDrops;
    }

    public Verdict offer(long nowNanos) {
        if (bucket.tryTake(nowNanos)) {
            return Verdict.ACCEPT;
        }
        long second = nowNanos / NANOS_PER_SECOND;
        boolean firstThisSecond = countDrop(second);
        if (dropsWithinWindow(second) > maxDrops) {
            return Verdict.CLOSE;
        }
        return firstThisSecond ? Verdict.DROP_AND_ANSWER : Verdict.DROP;
    }

    /** @return whether this is the first drop in {@code second} */
    private boolean countDrop(long second) {
        if (drops == null) {
            drops = new int[WINDOW_SECONDS];
            dropSecond = new long[WINDOW_SECONDS];
            Arrays.fill(dropSecond, Long.MIN_VALUE);
        }
        int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
        boolean first = dropSecond[slot] != second;
        if (first) {
            dropSecond[slot] = second;
            drops[slot] = 0;
        }
        drops[slot]++;
        return first;
    }

    private int dropsWithinWindow(long second) {
        int total = 0;
        for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
            if (dropSecond[slot] > second - WINDOW_SECONDS) {
                total += drops[slot];
            }
        }
        return total;
    }
}
