package io.roomgate.bench;

import io.roomgate.bench.HistoryBench.FanoutRound;
import io.roomgate.bench.HistoryBench.Figures;
import io.roomgate.load.Latencies;
import io.roomgate.load.Recovery;
import java.util.Locale;

/** The history bench's section of {@code report.md}: history's cost in CPU, recovery latency and heap. */
final class HistoryReport {

    private final StringBuilder text;

    private HistoryReport(StringBuilder text) {
        this.text = text;
    }

    static void append(StringBuilder text, Figures figures) {
        new HistoryReport(text).figures(figures);
    }

    private void figures(Figures f) {
        var rounds = f.fanout();
        var first = rounds.get(0);
        text.append("## History on ").append(f.server()).append(" (PROTOCOL §8, `roomgate.history.size` = ")
                .append(f.historySize()).append(")\n\n")
                .append("Servers pinned to CPU 0, the driver to CPU 1; CPU: user + system time, JIT compilers excluded. ")
                .append("Fan-out: the medians of ").append(rounds.size())
                .append(" rounds on the node without history and the node with it, taken in turns.\n\n")
                .append("| Figure | History off | History on | On ÷ off |\n| --- | --- | --- | --- |\n");
        double off = ClusterReport.median(rounds, r -> r.off().serverCpuMicrosEach());
        double on = ClusterReport.median(rounds, r -> r.on().serverCpuMicrosEach());
        row("Fan-out to " + first.off().subscribers() + " at " + first.off().ratePerSecond() + " msg/s, "
                + first.off().published() + " messages a round: server CPU per delivery (µs)", number(off), number(on), ratio(on, off));
        row("… what history adds, round by round (target ≤ +10 %): median (range)", "",
                String.format(Locale.ROOT, "%+.1f %% (%+.1f to %+.1f)", 100 * ClusterReport.median(rounds, FanoutRound::added),
                        100 * rounds.stream().mapToDouble(FanoutRound::added).min().orElse(0),
                        100 * rounds.stream().mapToDouble(FanoutRound::added).max().orElse(0)), "");
        row("… latency p50 / p99 (ms)", number(ClusterReport.median(rounds, r -> r.off().latency().p50())) + " / "
                        + number(ClusterReport.median(rounds, r -> r.off().latency().p99())),
                number(ClusterReport.median(rounds, r -> r.on().latency().p50())) + " / " + number(ClusterReport.median(rounds, r -> r.on().latency().p99())), "");
        row("… lost (all rounds)", String.valueOf(rounds.stream().mapToLong(r -> r.off().lost()).sum()),
                String.valueOf(rounds.stream().mapToLong(r -> r.on().lost()).sum()), "");
        text.append('\n')
                .append("| Recovery of ").append(f.singleNode().missed()).append(" missed messages (join with `since` → last one ")
                .append("replayed) | Repetitions | Recovered in full | p50 / p95 / p99 / max (ms) |\n| --- | --- | --- | --- |\n");
        recovery("Single node", f.singleNode());
        if (f.crossNode() != null) {
            recovery("Two nodes on one Redis: sent on A, recovered on B", f.crossNode());
        }
        var heap = f.heap();
        var fill = heap.fill();
        text.append('\n')
                .append(String.format(Locale.ROOT, "Heap per room at full history: %d rooms of %d messages (`data` of %,d bytes"
                                + " of JSON, filled in %.0f s), %d of them full when joined afterwards; live heap after a full"
                                + " collection grew by %,d bytes: **%,.0f bytes a room** (%,.0f a message).%n%n",
                        fill.rooms(), fill.messages(), fill.bytes(), fill.seconds(), fill.full(), heap.grownBytes(), heap.perRoom(),
                        heap.perRoom() / Math.max(1, fill.messages())))
                .append("| Class that grew most | Bytes per room |\n| --- | --- |\n");
        for (var row : heap.byClass()) {
            text.append(String.format(Locale.ROOT, "| `%s` | %,.0f |%n", row.name(), row.bytes() / (double) fill.rooms()));
        }
        text.append('\n');
    }

    private void recovery(String side, Recovery.Result result) {
        Latencies.Summary l = result.latency();
        text.append("| ").append(side).append(" | ").append(result.repetitions()).append(" | ").append(result.recovered())
                .append(String.format(Locale.ROOT, " | %.1f / %.1f / %.1f / %.1f |%n", l.p50(), l.p95(), l.p99(), l.max()));
    }

    private void row(String name, String off, String on, String comparison) {
        text.append("| ").append(name).append(" | ").append(off).append(" | ").append(on).append(" | ").append(comparison).append(" |\n");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%,.2f", value);
    }

    private static String ratio(double two, double one) {
        return one == 0 ? "—" : String.format(Locale.ROOT, "%.3f×", two / one);
    }
}
