package io.roomgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.load.Latencies;
import io.roomgate.load.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What report.md says of each server: its column, its ratios to the peer, a stall, a failed run. */
class BenchReportTest {

    private static final Latencies.Summary LATENCY = new Latencies.Summary(100, 1, 2, 3, 4);

    @Test
    void every_roomgate_server_gets_a_column_and_its_ratios_to_the_peer(@TempDir Path out) throws Exception {
        var report = new BenchReport(out, 2, "");
        report.server(figures("liberty", 100, new BenchReport.AnsweringAgain(0.01, 0.02, 0.03)));
        report.server(figures(BenchServer.PEER, 200, new BenchReport.AnsweringAgain(0.01, 0.01, 0.01)));

        report.write();

        String text = Files.readString(out.resolve("report.md"));
        assertThat(text).contains("| Figure | liberty | quarkus |")
                .contains("| Figure | Target | liberty |")
                .contains("| Handshakes per second | ≥ 1.5 | 0.50 |")
                .contains("the fan-out at 50 msg/s / the one at max rate | 0.0 / 0.0 / 0.0 | 0.0 / 0.0 / 0.0 |")
                .doesNotContain("stalled");
    }

    @Test
    void a_server_slow_to_answer_after_the_closes_gets_a_line_naming_the_wait(@TempDir Path out) throws Exception {
        var report = new BenchReport(out, 2, "");
        report.server(figures("liberty", 100, new BenchReport.AnsweringAgain(0.01, 17.7, Double.NaN)));

        report.write();

        assertThat(Files.readString(out.resolve("report.md")))
                .contains("| 0.0 / 17.7 / none within 180 s |")
                .contains("**liberty stalled after many connections closed at once**: more than 180 s before it completed "
                        + "a new handshake")
                .contains("Open Liberty's known limit");
    }

    @Test
    void a_failed_run_is_named_and_the_other_servers_figures_are_kept(@TempDir Path out) throws Exception {
        var report = new BenchReport(out, 2, "");
        report.server(figures("wildfly", 100, new BenchReport.AnsweringAgain(0.01, 0.02, 0.03)));
        report.failed("liberty", "java.lang.IllegalStateException: only 200 subscribers joined");

        report.write();

        assertThat(report.anyFailed()).isTrue();
        assertThat(Files.readString(out.resolve("report.md"))).contains("| Figure | wildfly |")
                .contains("**The run on liberty failed**: java.lang.IllegalStateException: only 200 subscribers joined");
    }

    private static BenchReport.ServerFigures figures(String server, double handshakesPerSecond, BenchReport.AnsweringAgain waits) {
        var fanout = new Workloads.FanoutResult(10, 50, 10, 100, 100, 1000, LATENCY, 20, 0.3, List.of(LATENCY));
        var idle = new Workloads.IdleResult(10, 10, 1, 0, List.of());
        var rejects = new Workloads.RejectResult(10, 2, 10, 0, 0, 0, 50, 300);
        return new BenchReport.ServerFigures(server, 3, 0.1, 0.05,
                new Workloads.HandshakeResult(10, 2, 10, 0, handshakesPerSecond, LATENCY, 500), rejects, fanout, fanout,
                10, 1, 10_000, 8_000, 2_000, List.of(new HeapHistogram.Growth("[B", 40_000)), List.of(), rejects, rejects,
                new GcLog.Pauses(0, 0, 0), 0, idle, waits);
    }
}
