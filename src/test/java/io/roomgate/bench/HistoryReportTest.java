package io.roomgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.bench.HistoryFanout.Round;
import io.roomgate.bench.HistoryFanout.Side;
import io.roomgate.load.HistoryFill;
import io.roomgate.load.Latencies;
import io.roomgate.load.Recovery;
import io.roomgate.load.Workloads;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history bench's fan-out section: a round that lost deliveries is shown, never counted. */
class HistoryReportTest {

    private static final int SUBSCRIBERS = 1000;
    private static final int MESSAGES = 1000;
    private static final Latencies.Summary LATENCY = new Latencies.Summary(1, 2, 3, 4, 5);

    @Test
    void the_medians_and_what_history_adds_come_from_the_valid_rounds_only() {
        var report = report(List.of(
                new Round(1, false, side(10.0, 0, 0), side(11.0, 0, 0)),
                new Round(2, true, side(10.0, 0, 0), side(10.5, 0, 0)),
                new Round(3, false, side(90.0, 900_000, 900), side(12.0, 0, 0))));

        assertThat(report)
                .contains("| 3 | off | 90.00 | 12.00 | -86.7 % | 900000 / 0 (900 / 0) | no |")
                .contains("| 2 | on | 10.00 | 10.50 | +5.0 % | 0 / 0 (0 / 0) | yes |")
                .contains("| Figure (2 valid rounds of 3) |")
                .contains("| Server CPU per delivery (µs), median | 10.00 | 10.75 | 1.075× |")
                .contains("| +7.5 % (+5.0 to +10.0) |");
    }

    @Test
    void no_comparison_is_given_when_every_round_lost_deliveries() {
        var report = report(List.of(new Round(1, false, side(10.0, 5, 1), side(11.0, 0, 0))));

        assertThat(report).contains("**No valid round**").doesNotContain("median");
    }

    private static Side side(double cpuMicrosEach, long lost, int closed) {
        long expected = (long) SUBSCRIBERS * MESSAGES;
        return new Side(new Workloads.FanoutResult(SUBSCRIBERS, 50, MESSAGES, expected, expected - lost, 50_000, LATENCY,
                cpuMicrosEach, 0.5, List.of(LATENCY)), closed);
    }

    private static String report(List<Round> rounds) {
        var recovery = new Recovery.Result(50, 100, 50, LATENCY);
        var heap = new HistoryBench.HeapPerRoom(new HistoryFill.Result(10, 100, 1024, 10, 1.0), 1_000_000, List.of());
        var text = new StringBuilder();
        HistoryReport.append(text, new HistoryBench.Figures("wildfly", 100, rounds, recovery, null, heap));
        return text.toString();
    }
}
