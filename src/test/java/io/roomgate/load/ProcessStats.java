package io.roomgate.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A process's resource use as Linux accounts it (the server's, or the driver's own): CPU time of
 * all its threads from {@code /proc/PID/stat} (meaningful per operation even on a noisy machine,
 * where throughput is not) and resident memory from {@code /proc/PID/status}.
 */
public record ProcessStats(long pid) {

    /** USER_HZ: the unit of utime and stime; 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    /** utime and stime, counted from the field after the command name. */
    private static final int UTIME = 11;
    private static final int STIME = 12;

    public long cpuNanos() {
        return cpuNanos(read("stat"));
    }

    /**
     * The part of {@link #cpuNanos()} spent in the kernel on the process's behalf (system time):
     * socket calls, loopback TCP, thread wake-ups.
     */
    public long kernelCpuNanos() {
        return nanos(fields(read("stat"))[STIME]);
    }

    private static long cpuNanos(String stat) {
        if (stat.isEmpty()) {
            return 0;
        }
        String[] fields = fields(stat);
        return nanos(fields[UTIME]) + nanos(fields[STIME]);
    }

    /** The fields after the command name (field 2), which may contain spaces: counted from its closing parenthesis. */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static long nanos(String ticks) {
        return Long.parseLong(ticks) * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** A thread's stat, or nothing when the thread ended meanwhile. */
    private static String readOrEmpty(Path task) {
        try {
            return Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
            return "";
        }
    }

    /**
     * CPU time of the JVM's JIT compiler threads (HotSpot's "C1 CompilerThread…", "C2
     * CompilerThread…"). Threads that ended take their time with them, so the process must keep its
     * compiler threads ({@code -XX:-UseDynamicNumberOfCompilerThreads}) for differences to be exact.
     */
    public long compilerCpuNanos() {
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return threads.map(ProcessStats::readOrEmpty)
                    .filter(stat -> stat.contains("(C1 CompilerThre") || stat.contains("(C2 CompilerThre"))
                    .mapToLong(ProcessStats::cpuNanos).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU time of everything but the JIT compilers: the server's own work once it is warm. */
    public long cpuNanosOutsideCompilers() {
        long compilers = compilerCpuNanos(); // first: compiler time after it would be subtracted but not counted
        return cpuNanos() - compilers;
    }

    public long rssBytes() {
        var matcher = RSS.matcher(read("status"));
        if (!matcher.find()) {
            throw new IllegalStateException("no VmRSS for process " + pid);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
