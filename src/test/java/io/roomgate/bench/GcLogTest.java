package io.roomgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the pauses out of {@code -Xlog:gc} as JDK 17 writes it. */
class GcLogTest {

    @Test
    void counts_only_the_pauses_written_after_the_mark(@TempDir Path directory) throws Exception {
        var file = directory.resolve("server-gc.log");
        Files.writeString(file, "[1.002s][info][gc] Using Serial\n"
                + "[3.120s][info][gc] GC(0) Pause Young (Allocation Failure) 136M->9M(494M) 48.512ms\n");
        var log = new GcLog(file);
        long mark = log.mark();
        Files.writeString(file, Files.readString(file)
                + "[9.500s][info][gc] GC(1) Pause Young (Allocation Failure) 145M->20M(494M) 7.250ms\n"
                + "[9.800s][info][gc] GC(2) Pause Full (System.gc()) 60M->18M(494M) 30.000ms\n"
                + "[9.900s][info][gc] GC(3) Concurrent Mark Cycle 12.000ms\n");

        var pauses = log.pausesSince(mark);

        assertThat(pauses.count()).isEqualTo(2);
        assertThat(pauses.totalMillis()).isEqualTo(37.25);
        assertThat(pauses.longestMillis()).isEqualTo(30.0);
    }

    @Test
    void no_log_yet_is_no_pause(@TempDir Path directory) throws Exception {
        var log = new GcLog(directory.resolve("absent.log"));

        assertThat(log.pausesSince(log.mark())).isEqualTo(new GcLog.Pauses(0, 0, 0));
    }
}
