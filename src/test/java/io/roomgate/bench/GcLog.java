package io.roomgate.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The bench server's garbage-collection log ({@code -Xlog:gc}): the pauses a workload saw are the
 * lines written while it ran, so a latency tail can be told apart from the collector's pauses.
 */
final class GcLog {

    /** The pauses of one stretch of the log. */
    record Pauses(int count, double totalMillis, double longestMillis) {
    }

    /** {@code [12.345s][info][gc] GC(7) Pause Young (Allocation Failure) 180M->40M(491M) 12.345ms} */
    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.*?(\\d+(?:\\.\\d+)?)ms\\s*$", Pattern.MULTILINE);

    private final Path file;

    GcLog(Path file) {
        this.file = file;
    }

    /** The JVM option that writes this log, never rotated: a rotation would lose the marks. */
    String option() {
        return "-Xlog:gc:file=" + file + ":uptime,level,tags:filecount=0";
    }

    /** Where the log ends now: {@link #pausesSince} reads from here. */
    long mark() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    Pauses pausesSince(long mark) throws IOException {
        if (!Files.exists(file)) {
            return new Pauses(0, 0, 0);
        }
        try (var log = new RandomAccessFile(file.toFile(), "r")) {
            if (log.length() < mark) {
                throw new IllegalStateException(file + " shrank since it was marked");
            }
            byte[] tail = new byte[(int) Math.max(0, log.length() - mark)];
            log.seek(mark);
            log.readFully(tail);
            return pauses(new String(tail, StandardCharsets.UTF_8));
        }
    }

    static Pauses pauses(String lines) {
        var matcher = PAUSE.matcher(lines);
        int count = 0;
        double total = 0;
        double longest = 0;
        while (matcher.find()) {
            double millis = Double.parseDouble(matcher.group(1));
            count++;
            total += millis;
            longest = Math.max(longest, millis);
        }
        return new Pauses(count, total, longest);
    }
}
