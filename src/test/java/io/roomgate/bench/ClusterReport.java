package io.roomgate.bench;

import io.roomgate.bench.ClusterBench.Figures;
import io.roomgate.load.Latencies;
import io.roomgate.load.Workloads.FanoutResult;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The cluster bench's section of {@code report.md}: each figure on one node beside two nodes on one Redis. */
final class ClusterReport {

    private final StringBuilder text;

    private ClusterReport(StringBuilder text) {
        this.text = text;
    }

    static void append(StringBuilder text, Figures figures) {
        new ClusterReport(text).figures(figures);
    }

    private void figures(Figures f) {
        var hs = f.handshakes();
        var pair = f.twoMembers();
        var paced = f.paced();
        text.append("## Cluster on ").append(f.server()).append(": one node beside two nodes on one Redis\n\n")
                .append("All server processes (the single node, nodes A and B, Redis) pinned to CPU 0, the driver to CPU 1; ")
                .append("the single node runs with the cluster off. CPU: user + system time, JIT compilers excluded. ")
                .append("Handshakes: the median of ").append(hs.size()).append(" rounds on each side, taken in turns.\n\n")
                .append("| Figure | One node (cluster off) | Two nodes on one Redis | Two ÷ one |\n| --- | --- | --- | --- |\n");
        row("Warm-up rounds, both sides in turns (" + hs.get(0).single().attempted()
                        + " handshakes and as many refusals each; the cluster's on node A)",
                f.warmUpRounds(), f.warmUpRounds(), "");
        double single = median(hs, r -> r.single().serverCpuMicrosEach());
        double nodeA = median(hs, r -> r.clusterCpu().nodeA());
        row("Server CPU per authenticated handshake on node A, the node alone (µs)", single, nodeA, ratio(nodeA, single));
        double all = median(hs, r -> r.clusterCpu().total());
        row("… both nodes and Redis together (µs)", single, all, ratio(all, single));
        row("… what the cluster adds, round by round (µs; target ≤ 100): median (range)", "—",
                String.format(Locale.ROOT, "+%.0f (%.0f to %.0f)", median(hs, ClusterBench.HandshakeRound::addedMicros),
                        hs.stream().mapToDouble(ClusterBench.HandshakeRound::addedMicros).min().orElse(0),
                        hs.stream().mapToDouble(ClusterBench.HandshakeRound::addedMicros).max().orElse(0)), "");
        row("… of which node B / Redis (µs)", "—", number(median(hs, r -> r.clusterCpu().nodeB())) + " / "
                + number(median(hs, r -> r.clusterCpu().redis())), "");
        row("Handshakes per second", median(hs, r -> r.single().perSecond()), median(hs, r -> r.cluster().perSecond()), "");
        row("Handshake latency p50 / p99 (ms)", number(median(hs, r -> r.single().latency().p50())) + " / "
                + number(median(hs, r -> r.single().latency().p99())), number(median(hs, r -> r.cluster().latency().p50()))
                + " / " + number(median(hs, r -> r.cluster().latency().p99())), "");
        row("Handshakes failed", hs.stream().mapToInt(r -> r.single().failed()).sum(),
                hs.stream().mapToInt(r -> r.cluster().failed()).sum(), "");
        row("2-member room at " + pair.single().ratePerSecond() + " msg/s (cluster: publisher on A, member on B): "
                + "latency p50 / p95 / p99 / max (ms)", latency(pair.single().latency()), latency(pair.cluster().latency()),
                ratio(pair.cluster().latency().p50(), pair.single().latency().p50()) + " (p50), "
                        + ratio(pair.cluster().latency().p99(), pair.single().latency().p99()) + " (p99)");
        row("… lost of " + pair.single().expected(), pair.single().lost(), pair.cluster().lost(), "");
        row("Fan-out to " + paced.single().subscribers() + " at " + paced.single().ratePerSecond()
                + " msg/s (cluster: half on A, half on B, publisher on A): deliveries per second",
                paced.single().deliveriesPerSecond(), paced.cluster().deliveriesPerSecond(), "");
        row("… latency p50 / p95 / p99 / max (ms)", latency(paced.single().latency()), latency(paced.cluster().latency()),
                ratio(paced.cluster().latency().p99(), paced.single().latency().p99()) + " (p99; target ≤ 1.2×)");
        row("… p99 of the members on A (the publisher's node) / on B (through Redis) (ms)", "—",
                byNode(paced.cluster(), Latencies.Summary::p99), "");
        row("… server CPU per delivery, every server process (µs)", paced.single().serverCpuMicrosEach(),
                f.pacedCpu().total(), ratio(f.pacedCpu().total(), paced.single().serverCpuMicrosEach()));
        row("… of which node A / node B / Redis (µs)", "—", number(f.pacedCpu().nodeA()) + " / "
                + number(f.pacedCpu().nodeB()) + " / " + number(f.pacedCpu().redis()), "");
        row("… lost", paced.single().lost(), paced.cluster().lost(), "");
        row("… driver CPU busy (cores)", paced.single().driverBusy(), paced.cluster().driverBusy(), "");
        var singleCeiling = ceiling(f.ceiling().single());
        var clusterCeiling = ceiling(f.ceiling().cluster());
        row("Hot-room ceiling: deliveries per second at the fastest step with p99 ≤ "
                        + number(ClusterBench.CEILING_P99_MILLIS) + " ms and nothing lost",
                singleCeiling, clusterCeiling, singleCeiling instanceof Double one && clusterCeiling instanceof Double two
                        ? ratio(two, one) : "");
        text.append('\n');
        steps(f);
    }

    private void steps(Figures f) {
        text.append("### Hot-room ceiling steps on ").append(f.server())
                .append(" (").append(f.paced().single().subscribers()).append(" members; a step past the bound")
                .append(" without a loss is tried once more, its tries separated by →)\n\n")
                .append("| msg/s | One node: deliveries/s | p99 (ms) | lost | Two nodes: deliveries/s | p99 (ms) | lost |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        var single = byRate(f.ceiling().single());
        var cluster = byRate(f.ceiling().cluster());
        var rates = new TreeSet<>(single.keySet());
        rates.addAll(cluster.keySet());
        for (int rate : rates) {
            text.append("| ").append(rate).append(" |").append(step(single.get(rate))).append(step(cluster.get(rate)))
                    .append('\n');
        }
        text.append('\n');
    }

    private static Map<Integer, List<FanoutResult>> byRate(List<FanoutResult> steps) {
        return steps.stream().collect(Collectors.groupingBy(FanoutResult::ratePerSecond));
    }

    private static String step(List<FanoutResult> tries) {
        if (tries == null) {
            return " | | |";
        }
        return " " + tries(tries, t -> String.format(Locale.ROOT, "%,.0f", t.deliveriesPerSecond()))
                + " | " + tries(tries, t -> String.format(Locale.ROOT, "%.1f", t.latency().p99()))
                + " | " + tries(tries, t -> String.valueOf(t.lost())) + " |";
    }

    private static String tries(List<FanoutResult> tries, Function<FanoutResult, String> figure) {
        return tries.stream().map(figure).collect(Collectors.joining(" → "));
    }

    /** The fastest step within the bound, or why there is none. */
    private static Object ceiling(List<FanoutResult> steps) {
        return steps.stream().filter(ClusterBench::withinBound).map(FanoutResult::deliveriesPerSecond)
                .reduce(Double::max).<Object>map(d -> d).orElse("none: the first step passed it");
    }

    static <T> double median(List<T> rounds, ToDoubleFunction<T> figure) {
        double[] sorted = rounds.stream().mapToDouble(figure).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String byNode(FanoutResult result, Function<Latencies.Summary, Double> figure) {
        return String.join(" / ", result.latencyByNode().stream().map(figure).map(ClusterReport::number).toList());
    }

    private void row(String name, Object single, Object cluster, String comparison) {
        text.append("| ").append(name).append(" | ").append(cell(single)).append(" | ").append(cell(cluster))
                .append(" | ").append(comparison).append(" |\n");
    }

    private static String cell(Object value) {
        return value instanceof Double d ? number(d) : String.valueOf(value);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%,.1f", value);
    }

    private static String ratio(double two, double one) {
        return one == 0 ? "—" : String.format(Locale.ROOT, "%.2f×", two / one);
    }

    private static String latency(Latencies.Summary summary) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", summary.p50(), summary.p95(), summary.p99(),
                summary.max());
    }
}
