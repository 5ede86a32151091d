package io.roomgate.limits;

import java.util.Arrays;

/**
 * PROTOCOL §5's inbound limits for one connection: a token bucket of frames ({@code perSecond}
 * refill, {@code burst} capacity) and one of their UTF-8 bytes. A frame over either is dropped;
 * the first drop of each second is to be answered; more than {@code maxDrops} drops within ten
 * seconds ends the connection. Inbound frames of one socket arrive one at a time, so no
 * synchronisation is needed.
 */
public final class FrameRateLimiter {

    /** What to do with a frame. */
    public enum Verdict { ACCEPT, DROP_AND_ANSWER, DROP, CLOSE }

    /** The limit a dropped frame went over, and when the frame would have been taken, for {@code details}. */
    public record Drop(String limit, long retryAfterMillis) {
    }

    public static final String FRAMES = "frames-per-second";
    public static final String BYTES = "bytes-per-second";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int WINDOW_SECONDS = 10;

    private final TokenBucket frames;
    private final TokenBucket bytes;
    private final int maxDrops;
    /** Drops per second of the last ten, made on the first drop: most connections never drop. */
    private int[] drops;
    private long[] dropSecond;
    private Drop lastDrop;

    public FrameRateLimiter(Rate frameRate, Rate byteRate, int maxDrops, long nowNanos) {
        this.frames = new TokenBucket(frameRate.perSecond(), frameRate.burst(), nowNanos);
        this.bytes = new TokenBucket(byteRate.perSecond(), byteRate.burst(), nowNanos);
        this.maxDrops = maxDrops;
    }

    /** @param size the frame's UTF-8 bytes */
    public Verdict offer(long nowNanos, long size) {
        frames.refill(nowNanos);
        bytes.refill(nowNanos);
        if (frames.holds(1) && bytes.holds(size)) {
            frames.take(1);
            bytes.take(size);
            return Verdict.ACCEPT;
        }
        lastDrop = frames.holds(1)
                ? new Drop(BYTES, bytes.millisUntil(size))
                : new Drop(FRAMES, frames.millisUntil(1));
        long second = nowNanos / NANOS_PER_SECOND;
        boolean firstThisSecond = countDrop(second);
        if (dropsWithinWindow(second) > maxDrops) {
            return Verdict.CLOSE;
        }
        return firstThisSecond ? Verdict.DROP_AND_ANSWER : Verdict.DROP;
    }

    /** Why the last frame that was not accepted was dropped. */
    public Drop lastDrop() {
        return lastDrop;
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
