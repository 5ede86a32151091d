package io.roomgate.bench;

import io.roomgate.load.ProcessStats;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * CPU time of a cluster's processes, node A, node B and Redis in that order, JIT compilers left out
 * (Redis has none): together, as a workload's server CPU, and each apart, to say where it went.
 */
record ClusterCpu(List<ProcessStats> processes) implements LongSupplier {

    ClusterCpu {
        if (processes.size() != 3) {
            throw new IllegalArgumentException("node A, node B and Redis, not " + processes.size() + " processes");
        }
        processes = List.copyOf(processes);
    }

    @Override
    public long getAsLong() {
        long total = 0;
        for (long nanos : each()) {
            total += nanos;
        }
        return total;
    }

    long[] each() {
        return processes.stream().mapToLong(ProcessStats::cpuNanosOutsideCompilers).toArray();
    }

    /** What each process spent since {@code before} (a reading of {@link #each()}), in µs per operation. */
    ClusterBench.CpuShares sharesSince(long[] before, long operations) {
        long[] now = each();
        return new ClusterBench.CpuShares(micros(now[0] - before[0], operations), micros(now[1] - before[1], operations),
                micros(now[2] - before[2], operations));
    }

    private static double micros(long nanos, long operations) {
        return nanos / 1e3 / operations;
    }
}
