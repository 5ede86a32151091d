package io.roomgate.bench;

import io.roomgate.load.Latencies;
import io.roomgate.load.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code target/bench/report.md} and its PNG charts (XChart), from JMH results and each server's workload
 * figures, or the cluster bench's ({@link ClusterReport}), or the history bench's ({@link HistoryReport}).
 */
final class BenchReport {

    /** What the load driver measured on one server; {@code rejectsAtUpgrade} and {@code blockedFlood} are null for the peer, which has neither switch. */
    record ServerFigures(String server, int warmUpRounds, double measuredJitShare, double measuredKernelShare,
                         Workloads.HandshakeResult handshakes, Workloads.RejectResult rejects,
                         Workloads.FanoutResult paced, Workloads.FanoutResult flat, int idleConnections,
                         double idleSecondsToOpen, double rssBytesPerConnection, double heapBytesPerConnection,
                         double roomgateHeapBytesPerConnection,
                         List<HeapHistogram.Growth> heapGrowthByClass, List<HeapHistogram.Growth> heapGrowthByOwner,
                         Workloads.RejectResult rejectsAtUpgrade,
                         Workloads.RejectResult blockedFlood, GcLog.Pauses pacedGcPauses,
                         long idlePresenceFrames, Workloads.IdleResult defaultRoom, AnsweringAgain answeringAgain) {
    }

    /**
     * Seconds until a new handshake completed after the refusals, after the fan-out at 50 msg/s and
     * after the one at max rate (whose subscribers all close at once); {@code NaN}: not within
     * {@link BenchRun#ANSWER_BOUND}.
     */
    record AnsweringAgain(double afterRejects, double afterPaced, double afterFlat) {
        /** Longer than any server takes when nothing holds it up (a handshake is milliseconds). */
        private static final double STALLED_SECONDS = 5;

        double longest() {
            return Double.isNaN(afterRejects + afterPaced + afterFlat) ? Double.NaN
                    : Math.max(afterRejects, Math.max(afterPaced, afterFlat));
        }

        boolean stalled() {
            return !(longest() < STALLED_SECONDS);
        }
    }

    /** A server whose run ended in an exception: the report names it instead of losing the others. */
    private record Failure(String server, String error) {
    }

    private final Path out;
    private final List<RunResult> jmh = new ArrayList<>();
    private final List<ServerFigures> servers = new ArrayList<>();
    private final List<ClusterBench.Figures> clusters = new ArrayList<>();
    private final List<HistoryBench.Figures> histories = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();

    private final int cpus;
    private final String caveat;

    /** @param caveat said under the heading when the figures are not plain ones (a profiled run), else empty */
    BenchReport(Path out, int cpus, String caveat) {
        this.out = out;
        this.cpus = cpus;
        this.caveat = caveat;
    }

    void jmh(List<RunResult> results) {
        jmh.addAll(results);
    }

    void server(ServerFigures figures) {
        servers.add(figures);
    }

    void cluster(ClusterBench.Figures figures) {
        clusters.add(figures);
    }

    void history(HistoryBench.Figures figures) {
        histories.add(figures);
    }

    void failed(String server, String error) {
        failures.add(new Failure(server, error));
    }

    boolean anyFailed() {
        return !failures.isEmpty();
    }

    void write() throws IOException {
        System.setProperty("java.awt.headless", "true");
        var text = new StringBuilder("# Roomgate bench report\n\n")
                .append("Machine: ").append(cpus).append(" CPUs, Java ")
                .append(System.getProperty("java.version")).append("; server pinned to CPU 0, driver to CPU 1.\n\n");
        if (!caveat.isEmpty()) {
            text.append("**").append(caveat).append("**\n\n");
        }
        if (!jmh.isEmpty()) {
            text.append("## JMH (one thread, ops/s)\n\n| Benchmark | Parameters | Score | Error |\n| --- | --- | --- | --- |\n");
            for (RunResult result : jmh) {
                var params = result.getParams();
                var primary = result.getPrimaryResult();
                text.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | ± %,.0f |%n",
                        params.getBenchmark().replaceFirst(".*\\.bench\\.", ""),
                        params.getParamsKeys().stream().map(key -> key + "=" + params.getParam(key)).toList(),
                        primary.getScore(), primary.getScoreError()));
            }
            text.append('\n');
        }
        if (!servers.isEmpty()) {
            text.append("## Load driver\n\n| Figure | ").append(String.join(" | ", servers.stream().map(ServerFigures::server).toList()))
                    .append(" |\n| --- |").append(" --- |".repeat(servers.size())).append('\n');
            row(text, "Warm-up rounds (" + first().handshakes().attempted() + " handshakes and as many refusals each)", f -> f.warmUpRounds());
            row(text, "… JIT compilers' share of the server's CPU in the measured handshakes and refusals (%)",
                    f -> f.measuredJitShare() * 100);
            row(text, "… the kernel's share of it: system time for sockets, loopback TCP, thread wake-ups (%)",
                    f -> f.measuredKernelShare() * 100);
            row(text, "Handshakes (connect → hub:connected), per second", f -> f.handshakes().perSecond());
            row(text, "Handshake latency p50 / p95 / p99 / max (ms)", f -> latency(f.handshakes().latency()));
            row(text, "Server CPU per authenticated handshake, JIT compilers excluded (µs)", f -> f.handshakes().serverCpuMicrosEach());
            row(text, "Handshakes failed", f -> f.handshakes().failed());
            row(text, "Wrong-key rejections per second", f -> f.rejects().perSecond());
            row(text, "Server CPU per rejected handshake, JIT compilers excluded (µs)", f -> f.rejects().serverCpuMicrosEach());
            row(text, "Forged tokens accepted", f -> f.rejects().accepted());
            row(text, "With `roomgate.auth.reject-at-upgrade=true` (HTTP 401 before the upgrade): rejections per second",
                    roomgateOnly(ServerFigures::rejectsAtUpgrade, r -> r.perSecond()));
            row(text, "… server CPU per rejected handshake, JIT compilers excluded (µs)", roomgateOnly(ServerFigures::rejectsAtUpgrade, r -> r.serverCpuMicrosEach()));
            row(text, "… forged tokens accepted / other refusals", roomgateOnly(ServerFigures::rejectsAtUpgrade, r -> r.accepted() + " / " + r.otherwise()));
            row(text, "One address's flood, the failed-authentication limit at its default: refusals per second",
                    roomgateOnly(ServerFigures::blockedFlood, r -> r.perSecond()));
            row(text, "… server CPU per refused attempt, JIT compilers excluded (µs)", roomgateOnly(ServerFigures::blockedFlood, r -> r.serverCpuMicrosEach()));
            row(text, "… refused before reading the token (HTTP 429) / after verifying it / accepted / other refusals",
                    roomgateOnly(ServerFigures::blockedFlood, r -> r.blocked() + " / " + r.rejected() + " / " + r.accepted()
                            + " / " + r.otherwise()));
            row(text, "Fan-out to " + first().paced().subscribers() + " at 50 msg/s: deliveries per second", f -> f.paced().deliveriesPerSecond());
            row(text, "… latency p50 / p95 / p99 / max (ms)", f -> latency(f.paced().latency()));
            row(text, "… server CPU per delivery, JIT compilers excluded (µs)", f -> f.paced().serverCpuMicrosEach());
            row(text, "… lost", f -> f.paced().lost());
            row(text, "… driver CPU busy (cores)", f -> f.paced().driverBusy());
            row(text, "… server GC pauses meanwhile: count / total / longest (ms)", f -> String.format(Locale.ROOT, "%d / %.1f / %.1f",
                    f.pacedGcPauses().count(), f.pacedGcPauses().totalMillis(), f.pacedGcPauses().longestMillis()));
            row(text, "Fan-out at the publisher's max rate: deliveries per second", f -> f.flat().deliveriesPerSecond());
            row(text, "… latency p50 / p95 / p99 / max (ms)", f -> latency(f.flat().latency()));
            row(text, "… server CPU per delivery, JIT compilers excluded (µs)", f -> f.flat().serverCpuMicrosEach());
            row(text, "… lost", f -> f.flat().lost());
            row(text, "… driver CPU busy (cores)", f -> f.flat().driverBusy());
            row(text, "Idle authenticated connections held", f -> f.idleConnections());
            row(text, "… seconds to open them all", f -> f.idleSecondsToOpen());
            row(text, "… server RSS per connection (KB)", f -> f.rssBytesPerConnection() / 1024);
            row(text, "… server heap per connection after GC (KB)", f -> f.heapBytesPerConnection() / 1024);
            row(text, "… of which the application's objects and what they hold (KB; by owner, below; the peer's: `bench.peer.`)",
                    f -> f.roomgateHeapBytesPerConnection() / 1024);
            row(text, "… presence frames per connection while they open (no default room)",
                    f -> f.idlePresenceFrames() / (double) Math.max(1, f.idleConnections()));
            row(text, "The same connections joining the default room (one room filling up; §2.0): held", f -> f.defaultRoom().connected());
            row(text, "… seconds to open them all", f -> f.defaultRoom().secondsToOpen());
            row(text, "… against the default room off (×)", f -> f.defaultRoom().secondsToOpen() / f.idleSecondsToOpen());
            row(text, "… presence frames per connection while they open",
                    f -> f.defaultRoom().presenceFrames() / (double) Math.max(1, f.defaultRoom().connected()));
            row(text, "Seconds until a new handshake completed after the refusals / the fan-out at 50 msg/s / the one at max rate",
                    f -> seconds(f.answeringAgain().afterRejects()) + " / " + seconds(f.answeringAgain().afterPaced()) + " / "
                            + seconds(f.answeringAgain().afterFlat()));
            stalls(text);
            againstPeer(text);
            text.append("\n![latency](latency.png)\n![throughput](throughput.png)\n![memory](memory.png)\n");
            heldPerConnection(text);
        }
        for (Failure failure : failures) {
            text.append("\n**The run on ").append(failure.server()).append(" failed**: ").append(failure.error()).append('\n');
        }
        clusters.forEach(figures -> ClusterReport.append(text, figures));
        histories.forEach(figures -> HistoryReport.append(text, figures));
        // the figures first: a chart that fails to draw must not lose them
        Files.writeString(out.resolve("report.md"), text.toString());
        if (!servers.isEmpty()) {
            charts();
        }
    }

    /** A figure of one server's, to be divided by the peer's. */
    private interface Figure {
        double of(ServerFigures figures);
    }

    /**
     * Each Roomgate server's figures divided by the Quarkus peer's, measured in the same run, beside
     * issue 15's targets: the peer is the yardstick a user would hold Roomgate to.
     */
    private void againstPeer(StringBuilder text) {
        var peer = servers.stream().filter(f -> f.server().equals(BenchServer.PEER)).findFirst();
        var roomgate = servers.stream().filter(f -> !f.server().equals(BenchServer.PEER)).toList();
        if (peer.isEmpty() || roomgate.isEmpty()) {
            return;
        }
        text.append("\n## Roomgate against the Quarkus peer (Roomgate's figure ÷ the peer's, same run)\n\n| Figure | Target | ")
                .append(String.join(" | ", roomgate.stream().map(ServerFigures::server).toList()))
                .append(" |\n| --- | --- |").append(" --- |".repeat(roomgate.size())).append('\n');
        ratio(text, "Handshakes per second", "≥ 1.5", roomgate, peer.get(), f -> f.handshakes().perSecond());
        ratio(text, "Server CPU per authenticated handshake", "", roomgate, peer.get(), f -> f.handshakes().serverCpuMicrosEach());
        ratio(text, "Server CPU per rejected handshake", "", roomgate, peer.get(), f -> f.rejects().serverCpuMicrosEach());
        ratio(text, "Server CPU per delivery, 50 msg/s", "≤ 0.5", roomgate, peer.get(), f -> f.paced().serverCpuMicrosEach());
        ratio(text, "Delivery latency p99, 50 msg/s", "", roomgate, peer.get(), f -> f.paced().latency().p99());
        ratio(text, "Server CPU per delivery, max rate", "≤ 0.5", roomgate, peer.get(), f -> f.flat().serverCpuMicrosEach());
        ratio(text, "Deliveries per second, max rate", "", roomgate, peer.get(), f -> f.flat().deliveriesPerSecond());
        ratio(text, "Server RSS per idle connection", "≤ 1", roomgate, peer.get(), ServerFigures::rssBytesPerConnection);
        ratio(text, "Seconds to open the idle connections", "", roomgate, peer.get(), ServerFigures::idleSecondsToOpen);
        ratio(text, "… joining the default room", "", roomgate, peer.get(), f -> f.defaultRoom().secondsToOpen());
    }

    /**
     * A line under the table for each server that took long to answer after a workload's closes:
     * the workloads after it met a server that had just stalled, and on Open Liberty that is its
     * known limit (deployment.md), not Roomgate's cost.
     */
    private void stalls(StringBuilder text) {
        for (ServerFigures figures : servers) {
            if (figures.answeringAgain().stalled()) {
                double longest = figures.answeringAgain().longest();
                text.append(String.format(Locale.ROOT, "%n**%s stalled after many connections closed at once**: %s before it completed "
                        + "a new handshake (row above); the next workload started only then.%s%n", figures.server(),
                        Double.isNaN(longest) ? "more than " + BenchRun.ANSWER_BOUND.toSeconds() + " s"
                                : String.format(Locale.ROOT, "%.1f s", longest),
                        BenchServer.LIBERTY.equals(figures.server()) ? " Open Liberty's known limit: deployment.md, \"Known limit: many "
                                + "clients closing at once stall Open Liberty\"." : ""));
            }
        }
    }

    private static String seconds(double seconds) {
        return Double.isNaN(seconds) ? "none within " + BenchRun.ANSWER_BOUND.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f", seconds);
    }

    private static void ratio(StringBuilder text, String name, String target, List<ServerFigures> roomgate, ServerFigures peer,
                              Figure figure) {
        text.append("| ").append(name).append(" | ").append(target).append(" |");
        for (ServerFigures figures : roomgate) {
            text.append(String.format(Locale.ROOT, " %.2f |", figure.of(figures) / figure.of(peer)));
        }
        text.append('\n');
    }

    /** Where the heap per idle connection goes: the classes that grew most while the connections opened. */
    private void heldPerConnection(StringBuilder text) {
        for (ServerFigures figures : servers) {
            growthTable(text, figures, "the classes that grew most", "Class", figures.heapGrowthByClass());
            growthTable(text, figures, "by owner: the nearest object on each object's path from the GC roots whose class "
                    + "the JDK did not load, from heap dumps", "Owner", figures.heapGrowthByOwner());
        }
    }

    private static void growthTable(StringBuilder text, ServerFigures figures, String what, String column,
                                    List<HeapHistogram.Growth> growth) {
        text.append("\n## Heap held per idle connection on ").append(figures.server())
                .append(" (live bytes after a full collection, ").append(what).append(")\n\n| ").append(column)
                .append(" | Bytes per connection |\n| --- | --- |\n");
        for (var row : growth) {
            text.append(String.format(Locale.ROOT, "| `%s` | %,.0f |%n", row.name(),
                    row.bytes() / (double) Math.max(1, figures.idleConnections())));
        }
    }

    private ServerFigures first() {
        return servers.get(0);
    }

    private interface Cell {
        Object of(ServerFigures figures);
    }

    /** A figure of a run on a configuration only Roomgate has (the peer's is null): "—" for the peer. */
    private static <T> Cell roomgateOnly(Function<ServerFigures, T> run, Function<T, Object> figure) {
        return f -> {
            T result = run.apply(f);
            return result == null ? "—" : figure.apply(result);
        };
    }

    private void row(StringBuilder text, String name, Cell cell) {
        text.append("| ").append(name).append(" |");
        for (ServerFigures figures : servers) {
            Object value = cell.of(figures);
            text.append(' ').append(value instanceof Double number ? String.format(Locale.ROOT, "%,.1f", number) : value).append(" |");
        }
        text.append('\n');
    }

    private static String latency(Latencies.Summary summary) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", summary.p50(), summary.p95(), summary.p99(), summary.max());
    }

    private void charts() throws IOException {
        var latency = chart("Latency percentiles (ms)", "ms");
        var percentiles = List.of("handshake p50", "handshake p99", "fan-out 50/s p50", "fan-out 50/s p99", "fan-out max p50", "fan-out max p99");
        for (ServerFigures f : servers) {
            latency.addSeries(f.server(), percentiles, List.of(f.handshakes().latency().p50(), f.handshakes().latency().p99(),
                    f.paced().latency().p50(), f.paced().latency().p99(), f.flat().latency().p50(), f.flat().latency().p99()));
        }
        save(latency, "latency");
        var throughput = chart("Throughput (per second)", "per second");
        for (ServerFigures f : servers) {
            throughput.addSeries(f.server(), List.of("handshakes", "rejections", "deliveries (max rate) / 100"),
                    List.of(f.handshakes().perSecond(), f.rejects().perSecond(), f.flat().deliveriesPerSecond() / 100));
        }
        save(throughput, "throughput");
        var memory = chart("Memory per idle authenticated connection (KB)", "KB");
        for (ServerFigures f : servers) {
            memory.addSeries(f.server(), List.of("RSS", "heap after GC"),
                    List.of(f.rssBytesPerConnection() / 1024, f.heapBytesPerConnection() / 1024));
        }
        save(memory, "memory");
    }

    private static CategoryChart chart(String title, String yAxis) {
        var chart = new CategoryChartBuilder().width(1000).height(500).title(title).yAxisTitle(yAxis).build();
        chart.getStyler().setXAxisLabelRotation(20);
        return chart;
    }

    private void save(CategoryChart chart, String name) throws IOException {
        BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
