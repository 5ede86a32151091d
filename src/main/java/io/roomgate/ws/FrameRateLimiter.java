package io.roomgate.ws;

import java.util.Arrays;

/**
 * PROTOCOL §5's frame limit for one connection: a token bucket ({@code perSecond} refill,
 * {@code burst} capacity). A frame over it is dropped; the first drop of each second is to be
 * answered; more than {@code maxDrops} drops within ten seconds ends the connection. Inbound
 * frames of one socket arrive one at a time, so no synchronisation is needed.
 */
final class FrameRateLimiter {

    /** What to do with a frame. */
    enum Verdict { ACCEPT, DROP_AND_ANSWER, DROP, CLOSE }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int WINDOW_SECONDS = 10;

    private final double perNano;
    private final double burst;
    private final int maxDrops;
    private double tokens;
    private long refilledAt;
    /** Drops per second of the last ten, made on the first drop: most connections never drop. */
    private int[] drops;
    private long[] dropSecond;

    FrameRateLimiter(int perSecond, int burst, int maxDrops, long nowNanos) {
        this.perNano = (double) perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.maxDrops = maxDrops;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    Verdict offer(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * perNano);
        refilledAt = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
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
