package io.roomgate.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A process's resource use as Linux accounts it (the server's, or the driver's own): CPU time of
 * all its threads from {@code /proc/PID/stat} (meaningful per operation even on a noisy machine,
 * where throughput is not) and resident memory from {@code /proc/PID/status}.
 */
public record ProcessStats(long pid) {

    /** USER_HZ: the unit of utime and stime; 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    public long cpuNanos() {
        String stat = read("stat");
        // the command name (field 2) may contain spaces: count fields after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
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
