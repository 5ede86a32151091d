package io.roomgate.bench;

import io.roomgate.load.AsyncClient;
import io.roomgate.load.ProcessStats;
import io.roomgate.load.Workloads;
import io.roomgate.testing.TestSettings;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code mvn -Pbench verify}: JMH, then the load driver's workloads against each server (the
 * packaged WAR, server pinned to CPU 0, this driver to CPU 1), then {@code target/bench/report.md}
 * and its charts. Sizes: {@code -Dbench.handshakes}, {@code -Dbench.subscribers},
 * {@code -Dbench.idle}, {@code -Dbench.servers} (default {@code wildfly,payara,quarkus}, the last being
 * the Quarkus WebSockets Next peer that every figure is set beside; {@code liberty} for Open Liberty),
 * {@code -Dbench.port}; profiles
 * of the server: {@link ServerProfiler}. With {@code -Dbench.cluster=true} the cluster's workloads
 * ({@link ClusterBench}) replace the single server's; with {@code -Dbench.history=true}, history's
 * ({@link HistoryBench}).
 */
public final class BenchRun {

    private static final int HANDSHAKES = Integer.getInteger("bench.handshakes", 3000);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 64);
    private static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 1000);
    private static final int IDLE = Integer.getInteger("bench.idle", 10_000);
    /**
     * The cost goes on falling after it first looks flat: on 2026-12-08 the same code measured 570 µs
     * per handshake after 8 rounds and 337 after 12 (the cluster bench's single node).
     */
    static final int MIN_WARM_UP_ROUNDS = Integer.getInteger("bench.minWarmUpRounds", 12);
    static final int MAX_WARM_UP_ROUNDS = Integer.getInteger("bench.maxWarmUpRounds", 20);
    private static final int HEAP_ROWS_REPORTED = 15;
    private static final String FAILED_AUTH_LIMIT = "ROOMGATE_LIMITS_FAILED_AUTH_PER_MINUTE";
    private static final String REJECT_AT_UPGRADE = "ROOMGATE_AUTH_REJECT_AT_UPGRADE";
    /** The Quarkus WebSockets Next peer's classes' package. */
    private static final String PEER_PACKAGE = "bench.peer.";
    /**
     * How long a server gets to complete a new handshake before a workload: Open Liberty stalls for
     * tens of seconds after many clients close at once (deployment.md, "Known limit").
     */
    static final Duration ANSWER_BOUND = Duration.ofMinutes(3);

    private BenchRun() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        Path war = Path.of(args[1]);
        Path out = Files.createDirectories(target.resolve("bench"));
        var report = new BenchReport(out, Runtime.getRuntime().availableProcessors(), ServerProfiler.caveat());
        pinSelfTo("1");
        if (!Boolean.getBoolean("bench.skipJmh")) {
            report.jmh(jmh(out));
        }
        for (String server : System.getProperty("bench.servers", "wildfly,payara,quarkus").split(",")) {
            if (HistoryBench.ENABLED) {
                report.history(HistoryBench.run(server.trim(), target, war, out));
                continue;
            }
            if (ClusterBench.ENABLED) {
                report.cluster(ClusterBench.run(server.trim(), target, war, out));
                continue;
            }
            try {
                report.server(measure(server.trim(), target, war, out));
            } catch (Exception e) {
                // one server's failure must not lose the others' figures: the report says what went wrong
                e.printStackTrace();
                report.failed(server.trim(), e.toString());
            }
        }
        report.write();
        System.out.println("Bench report: " + out.resolve("report.md"));
        if (report.anyFailed()) {
            System.exit(1);
        }
    }

    private static BenchReport.ServerFigures measure(String server, Path target, Path war, Path out) throws Exception {
        // the peer has neither switch: those runs are Roomgate's alone
        boolean peer = isPeer(server);
        var rejectsAtUpgrade = peer ? null : rejectAtUpgrade(server, target, war, out);
        var blockedFlood = peer ? null : blockedFlood(server, target, war, out);
        var defaultRoom = defaultRoom(server, target, war, out);
        return load(server, target, war, out, rejectsAtUpgrade, blockedFlood, defaultRoom);
    }

    private static boolean isPeer(String server) {
        return BenchServer.PEER.equals(server);
    }

    private static List<RunResult> jmh(Path out) throws Exception {
        var options = new OptionsBuilder()
                .include("io\\.roomgate\\.bench\\..*Benchmark")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .threads(1)
                .jvmArgsAppend("-Xmx1g")
                .output(out.resolve("jmh.txt").toString())
                .build();
        return new ArrayList<>(new Runner(options).run());
    }

    private static BenchReport.ServerFigures load(String name, Path target, Path war, Path out,
                                                  Workloads.RejectResult rejectsAtUpgrade,
                                                  Workloads.RejectResult blockedFlood,
                                                  Workloads.IdleResult defaultRoom) throws Exception {
        return onServer(name, name, config -> { }, target, war, out, (server, workloads, tokens) -> {
            var jvm = server.jvm();
            Path heapDump = out.resolve(name + "-heap.hprof");
            tokens.prepareValid("hs-", HANDSHAKES);
            tokens.prepareForged("rj-", HANDSHAKES);
            tokens.prepareValid("fan-", SUBSCRIBERS);
            tokens.prepareValid("idle-", IDLE);
            int warmUpRounds = warmUp(jvm, () -> {
                workloads.handshake(HANDSHAKES, CONCURRENCY);
                workloads.reject(HANDSHAKES, CONCURRENCY);
                return 2 * HANDSHAKES;
            });
            return profiled(out, name, jvm.pid(), profiler -> {
                long cpuBefore = jvm.cpuNanos();
                long jitBefore = jvm.compilerCpuNanos();
                long kernelBefore = jvm.kernelCpuNanos();
                var handshakes = profiler.workload("handshake", () -> workloads.handshake(HANDSHAKES, CONCURRENCY));
                var rejects = profiler.workload("reject", () -> workloads.reject(HANDSHAKES, CONCURRENCY));
                double jitShare = (jvm.compilerCpuNanos() - jitBefore) / (double) Math.max(1, jvm.cpuNanos() - cpuBefore);
                double kernelShare = (jvm.kernelCpuNanos() - kernelBefore) / (double) Math.max(1, jvm.cpuNanos() - cpuBefore);
                double afterRejects = answeringAgain(workloads, "the refusals");
                long gcMark = server.gcLog().mark();
                var paced = profiler.workload("fanout-paced", () -> workloads.fanout(SUBSCRIBERS, 50, 1000));
                var pacedGc = server.gcLog().pausesSince(gcMark);
                double afterPaced = answeringAgain(workloads, "the fan-out at 50 msg/s");
                var flat = profiler.workload("fanout-max", () -> workloads.fanout(SUBSCRIBERS, 0, 1000));
                double afterFlat = answeringAgain(workloads, "the fan-out at max rate");
                long quietFrom = System.nanoTime();
                boolean quiet = server.awaitNoConnections(Duration.ofMinutes(1));
                System.out.printf(Locale.ROOT, "%s %.1f s after the fan-out%n", quiet ? "No connection open"
                        : "Connections still open (the idle figures count them)", (System.nanoTime() - quietFrom) / 1e9);
                // the heap dump first: both RSS readings right after a full collection, nothing in between
                var ownersBefore = HeapOwners.of(jvm.pid(), heapDump);
                var heapBefore = HeapHistogram.of(jvm.pid());
                long rssBefore = jvm.rssBytes();
                var idle = profiler.workload("idle", () -> workloads.idle(IDLE, 200));
                TimeUnit.SECONDS.sleep(5);
                var heapAfter = HeapHistogram.of(jvm.pid());
                long rssAfter = jvm.rssBytes();
                var ownersAfter = HeapOwners.of(jvm.pid(), heapDump);
                idle.clients().forEach(AsyncClient::abort);
                int held = Math.max(1, idle.connected());
                return new BenchReport.ServerFigures(name, warmUpRounds, jitShare, kernelShare, handshakes, rejects, paced, flat,
                        idle.connected(), idle.secondsToOpen(), (rssAfter - rssBefore) / (double) held,
                        heapAfter.growthSince(heapBefore) / (double) held,
                        ownersAfter.growthSince(ownersBefore, isPeer(name) ? PEER_PACKAGE : "io.roomgate.") / (double) held,
                        heapAfter.largestGrowthSince(heapBefore, HEAP_ROWS_REPORTED),
                        ownersAfter.largestGrowthSince(ownersBefore, HEAP_ROWS_REPORTED), rejectsAtUpgrade, blockedFlood, pacedGc,
                        idle.presenceFrames(), defaultRoom, new BenchReport.AnsweringAgain(afterRejects, afterPaced, afterFlat));
            });
        });
    }

    /**
     * The reject workload once more, on the same server restarted with PROTOCOL §1's optional
     * refusal before the upgrade ({@code roomgate.auth.reject-at-upgrade=true}, HTTP 401): what
     * an operator facing a flood of bad tokens can switch to, at the price of browsers not
     * reading the reason. Warmed up on refusals alone.
     */
    private static Workloads.RejectResult rejectAtUpgrade(String name, Path target, Path war, Path out) throws Exception {
        return rejectsOn(name, "reject-at-upgrade", config -> config.put(REJECT_AT_UPGRADE, "true"),
                target, war, out);
    }

    /**
     * The reject workload once more, on the same server restarted with the failed-authentication
     * limit at its shipped default (30 a minute per address, then blocked for a minute): a flood
     * from one address as the server meets it out of the box. At most that many attempts a minute
     * reach the token's verification; every other one is refused with HTTP 429 before it is read.
     * Set explicitly, like every key the bench depends on: the server inherits the driver's environment.
     */
    private static Workloads.RejectResult blockedFlood(String name, Path target, Path war, Path out) throws Exception {
        int shipped = TestSettings.load(Map.of()).limits().failedAuthPerMinute();
        return rejectsOn(name, "blocked-flood", config -> config.put(FAILED_AUTH_LIMIT, String.valueOf(shipped)),
                target, war, out);
    }

    /**
     * The idle connections once more, on the same server restarted with the default room on, as it
     * ships: every connection joins one room, so this is a room filling to {@code bench.idle} (10,000)
     * members, each member told of it within PROTOCOL §2.0's bounds. Compared with the idle workload
     * (default room off) of the main run.
     */
    private static Workloads.IdleResult defaultRoom(String name, Path target, Path war, Path out) throws Exception {
        String run = name + "-default-room";
        return onServer(name, run, config -> config.put("ROOMGATE_ROOMS_DEFAULT", "default"), target, war, out,
                (server, workloads, tokens) -> profiled(out, run, server.jvm().pid(), profiler -> {
                    var idle = profiler.workload("idle-default-room", () -> workloads.idle(IDLE, 200));
                    idle.clients().forEach(AsyncClient::abort);
                    return idle;
                }));
    }

    /** Starts {@code name} configured for {@code variant}, warms it up on refusals alone and measures them. */
    private static Workloads.RejectResult rejectsOn(String name, String variant, Consumer<Map<String, String>> configure,
                                                    Path target, Path war, Path out) throws Exception {
        String run = name + "-" + variant;
        return onServer(name, run, configure, target, war, out, (server, workloads, tokens) -> {
            tokens.prepareForged("rj-", HANDSHAKES);
            warmUp(server.jvm(), () -> {
                workloads.reject(HANDSHAKES, CONCURRENCY);
                return HANDSHAKES;
            });
            return profiled(out, run, server.jvm().pid(),
                    profiler -> profiler.workload("reject", () -> workloads.reject(HANDSHAKES, CONCURRENCY)));
        });
    }

    /** What is measured on a started, answering server. */
    private interface OnServer<T> {
        T run(BenchServer server, Workloads workloads, BenchTokens tokens) throws Exception;
    }

    /**
     * Starts {@code name} as {@code variant} (its log's name) with the bench's configuration as
     * {@code configure} leaves it, waits until it answers, measures, stops it.
     */
    private static <T> T onServer(String name, String variant, Consumer<Map<String, String>> configure, Path target,
                                  Path war, Path out, OnServer<T> measure) throws Exception {
        var tokens = new BenchTokens();
        var config = serverConfig(tokens.writePublicKey(out.resolve("bench-public-key.pem")));
        configure.accept(config);
        try (var server = BenchServer.start(name, target, war, config, out.resolve(variant + ".log"));
             // CPU per operation without the JIT compilers' share: what the server costs once warm
             var workloads = new Workloads(HttpClient.newHttpClient(), server.rooms(), tokens,
                     server.jvm()::cpuNanosOutsideCompilers)) {
            awaitReady(workloads, tokens);
            return measure.run(server, workloads, tokens);
        }
    }

    /** The measured part of a run, with the profiler (when one was asked for) attached. */
    private interface Profiled<T> {
        T run(ServerProfiler profiler) throws Exception;
    }

    private static <T> T profiled(Path out, String variant, long pid, Profiled<T> measure) throws Exception {
        var profiler = new ServerProfiler(out, variant, pid);
        profiler.startRecording();
        try {
            return measure.run(profiler);
        } finally {
            profiler.stopRecording();
        }
    }

    /**
     * The bench server's configuration: the bench issuer's key, and limits opened up where one
     * driver address would otherwise be throttled (that protection is measured by the reject
     * workload's cost instead). No default room: 10,000 idle connections in one room would measure
     * presence fan-out, not idle connections. The peer reads the keys it shares with Roomgate (the
     * verification's and the default room's) and ignores the rest.
     */
    static Map<String, String> serverConfig(Path publicKey) {
        var config = new HashMap<String, String>();
        config.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "file:" + publicKey.toAbsolutePath());
        config.put("MP_JWT_VERIFY_ISSUER", BenchTokens.ISSUER);
        config.put("MP_JWT_VERIFY_AUDIENCES", BenchTokens.AUDIENCE);
        config.put("ROOMGATE_ROOMS_DEFAULT", "");
        config.put("ROOMGATE_LIMITS_HANDSHAKES_PER_SECOND", "1000000");
        config.put("ROOMGATE_LIMITS_HANDSHAKE_BURST", "1000000");
        config.put(FAILED_AUTH_LIMIT, "1000000");
        config.put(REJECT_AT_UPGRADE, "false");
        config.put("ROOMGATE_LIMITS_FRAMES_PER_SECOND", "100000");
        config.put("ROOMGATE_LIMITS_FRAME_BURST", "100000");
        config.put("ROOMGATE_LIMITS_BYTES_PER_SECOND", "1000000000");
        config.put("ROOMGATE_LIMITS_BYTE_BURST", "1000000000");
        return config;
    }

    static void awaitReady(Workloads workloads, BenchTokens tokens) throws InterruptedException {
        if (Double.isNaN(secondsUntilAnswering(workloads))) {
            throw new IllegalStateException("the bench server did not accept a handshake within " + ANSWER_BOUND.toMinutes() + " minutes");
        }
    }

    /**
     * Seconds until the server completes a new handshake after {@code workload}'s connections closed
     * ({@code NaN}: not within {@link #ANSWER_BOUND}), so that a server stalled by those closes neither
     * fails the next workload nor hides it: the report gives the figure. A handshake of a token the
     * handshake workload has used already ({@code hs-0}).
     */
    private static double answeringAgain(Workloads workloads, String workload) throws InterruptedException {
        double seconds = secondsUntilAnswering(workloads);
        System.out.printf(Locale.ROOT, "A new handshake completed %.1f s after %s%n", seconds, workload);
        return seconds;
    }

    private static double secondsUntilAnswering(Workloads workloads) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + ANSWER_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (workloads.handshake(1, 1).connected() == 1) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (IllegalStateException notYet) {
                // the handshake did not settle: the server is starting, or stalled
            }
            TimeUnit.SECONDS.sleep(2);
        }
        return Double.NaN;
    }

    /**
     * Rounds of handshakes and refusals until the server's CPU per operation, JIT compilers left out,
     * falls by less than 3 % from one round to the next twice in a row (at most
     * {@code bench.maxWarmUpRounds}). After a single round the compilers still took a quarter of the
     * server's CPU in the measured rounds (async-profiler), and the operations themselves kept getting
     * cheaper as C2's code replaced C1's: on the one core the server has, WildFly's C2 compiles and
     * deoptimises for minutes. One flat round was not enough: runs that stopped after 7 rounds
     * measured 0.64 ms per handshake, runs that went on to 10 measured 0.49 ms.
     */
    static int warmUp(ProcessStats jvm, Round round) throws InterruptedException {
        var settling = new Settling();
        for (int rounds = 1; ; rounds++) {
            settling.add(warmUpRound(jvm, round, rounds));
            if (settling.settled() && rounds >= MIN_WARM_UP_ROUNDS || rounds >= MAX_WARM_UP_ROUNDS) {
                return rounds;
            }
        }
    }

    /** One warm-up round on {@code jvm}: its CPU per operation (µs), JIT compilers left out. */
    static double warmUpRound(ProcessStats jvm, Round round, int number) throws InterruptedException {
        long cpuBefore = jvm.cpuNanos();
        long jitBefore = jvm.compilerCpuNanos();
        int operations = round.run();
        long jit = jvm.compilerCpuNanos() - jitBefore;
        long cpu = jvm.cpuNanos() - cpuBefore;
        double micros = (cpu - jit) / 1e3 / operations;
        System.out.printf(Locale.ROOT, "Warm-up round %d: %.0f µs of server CPU per operation, JIT compilers %.0f %% besides%n",
                number, micros, 100.0 * jit / Math.max(1, cpu));
        return micros;
    }

    /** Whether a cost has settled: it fell by less than 3 % from one round to the next twice in a row. */
    static final class Settling {
        private double previous = Double.MAX_VALUE;
        private int flatInARow;

        void add(double micros) {
            flatInARow = micros > 0.97 * previous ? flatInARow + 1 : 0;
            previous = micros;
        }

        boolean settled() {
            return flatInARow >= 2;
        }
    }

    /** One warm-up round; it answers how many operations it ran. */
    interface Round {
        int run() throws InterruptedException;
    }

    static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    private static void pinSelfTo(String cpu) throws Exception {
        pin(ProcessHandle.current().pid(), cpu);
    }

    /** Every thread of process {@code pid}, now and later ones, to {@code cpu}. */
    static void pin(long pid, String cpu) throws Exception {
        run("taskset", "-a", "-cp", cpu, String.valueOf(pid));
    }

    static String run(String... command) throws Exception {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }
}
