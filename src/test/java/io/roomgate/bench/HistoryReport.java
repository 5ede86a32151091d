package io.roomgate.bench;

import io.roomgate.bench.HistoryBench.Figures;
import io.roomgate.bench.HistoryFanout.Round;
import io.roomgate.load.Latencies;
import io.roomgate.load.Recovery;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

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
        text.append("## History on ").append(f.server()).append(" (PROTOCOL §8, `roomgate.history.size` = ")
                .append(f.historySize()).append(")\n\n")
                .append("Servers pinned to CPU 0, the driver to CPU 1; CPU: user + system time, JIT compilers excluded.\n\n");
        fanout(f.fanout());
        text.append("| Recovery of ").append(f.singleNode().missed()).append(" missed messages (join with `since` → last one ")
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

    /**
     * Each round's figures, then the medians of the valid rounds only: a side that lost deliveries
     * (its members closed as slow consumers) divides its CPU by fewer of them.
     */
    private void fanout(List<Round> rounds) {
        var first = rounds.get(0).off().result();
        var valid = rounds.stream().filter(Round::valid).toList();
        text.append("Fan-out to ").append(first.subscribers()).append(" members at ").append(first.ratePerSecond())
                .append(" msg/s, ").append(first.published()).append(" messages a run: one room alive at a time, built for")
                .append(" the run and closed after it; the node with history first every other round. A round is valid")
                .append(" when both sides delivered every message.\n\n")
                .append("| Round | First | CPU per delivery off (µs) | CPU per delivery on (µs) | History adds | Lost off / on")
                .append(" (members closed) | Valid |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (var round : rounds) {
            text.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %+.1f %% | %d / %d (%d / %d) | %s |%n", round.number(),
                    round.historyFirst() ? "on" : "off", number(round.off().cpuMicrosEach()), number(round.on().cpuMicrosEach()),
                    100 * round.added(), round.off().result().lost(), round.on().result().lost(), round.off().closed(),
                    round.on().closed(), round.valid() ? "yes" : "no"));
        }
        text.append('\n');
        if (valid.isEmpty()) {
            text.append("**No valid round**: every round lost deliveries on one side at least; no comparison.\n\n");
            return;
        }
        text.append("| Figure (").append(valid.size()).append(" valid rounds of ").append(rounds.size())
                .append(") | History off | History on | On ÷ off |\n| --- | --- | --- | --- |\n");
        double off = ClusterReport.median(valid, r -> r.off().cpuMicrosEach());
        double on = ClusterReport.median(valid, r -> r.on().cpuMicrosEach());
        row("Server CPU per delivery (µs), median", number(off), number(on), ratio(on, off));
        row("… what history adds, round by round (target ≤ +10 %): median (range)", "",
                String.format(Locale.ROOT, "%+.1f %% (%+.1f to %+.1f)", 100 * ClusterReport.median(valid, Round::added),
                        100 * valid.stream().mapToDouble(Round::added).min().orElseThrow(),
                        100 * valid.stream().mapToDouble(Round::added).max().orElseThrow()), "");
        row("… latency p50 / p99 (ms), median", latency(valid, Round::off), latency(valid, Round::on), "");
        text.append('\n');
    }

    private static String latency(List<Round> rounds, Function<Round, HistoryFanout.Side> side) {
        return number(ClusterReport.median(rounds, r -> side.apply(r).result().latency().p50())) + " / "
                + number(ClusterReport.median(rounds, r -> side.apply(r).result().latency().p99()));
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
