package io.roomgate.load;

import java.util.Arrays;

/** Latency samples in nanoseconds, recorded from many threads; summarised once a workload is over. */
public final class Latencies {

    /** Percentiles in milliseconds. */
    public record Summary(int count, double p50, double p95, double p99, double max) {
    }

    private long[] samples = new long[1024];
    private int count;

    public synchronized void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    public synchronized Summary summary() {
        if (count == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return new Summary(count, millis(sorted, 0.50), millis(sorted, 0.95), millis(sorted, 0.99), sorted[count - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
