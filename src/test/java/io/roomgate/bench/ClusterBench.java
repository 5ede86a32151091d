package io.roomgate.bench;

import io.roomgate.load.FanoutRoom;
import io.roomgate.load.ProcessStats;
import io.roomgate.load.Workloads;
import io.roomgate.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code -Dbench.cluster=true}: a node on its own beside two nodes of a cluster on one Redis (issue
 * 16), all started at once and measured in turns, so that both sides of each comparison meet the
 * same machine. One node (cluster off) on {@code bench.port}, cluster nodes A and B on
 * {@code bench.port} + 5 and + 10, Redis on a free loopback port; all of them pinned to CPU 0 (the server side gets
 * the one core a single server gets), the driver to CPU 1.
 * <ul>
 *   <li>Handshakes on the single node and on node A, after both have warmed up in turns, in
 *       {@code bench.handshakeRounds} rounds taken in turns: CPU per handshake of the node alone and
 *       of both nodes and Redis together (the per-user limit is a Lua script in Redis then).</li>
 *   <li>A 2-member room: the publisher on node A and the one member on node B (one Redis round trip
 *       per message), beside both on the single node; {@code bench.pairMessages} at
 *       {@code bench.pairRate} a second.</li>
 *   <li>Paced fan-out: {@code bench.subscribers} members, split over A and B in the cluster, the
 *       publisher on A, {@code bench.clusterMessages} at 50 a second; CPU per delivery of both
 *       nodes and Redis.</li>
 *   <li>Hot-room ceiling: the same rooms at rising rates (from {@code bench.ceilingStartRate},
 *       ×{@code bench.ceilingFactor} a step, {@code bench.ceilingSeconds} each) until p99 passes
 *       60 ms in two tries of a step or a delivery is lost; the ceiling is the fastest step within both.</li>
 * </ul>
 * Every room is warmed up at the publisher's full rate before its first measured run. With
 * {@code -Dbench.profiler}, async-profiler records the single node's and both cluster nodes' share of
 * each workload but the ramp.
 */
final class ClusterBench {

    static final boolean ENABLED = Boolean.getBoolean("bench.cluster");
    static final double CEILING_P99_MILLIS = 60;
    private static final int HANDSHAKES = Integer.getInteger("bench.handshakes", 3000);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 64);
    private static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 1000);
    private static final int PACED_RATE = 50;
    private static final int MESSAGES = Integer.getInteger("bench.clusterMessages", 1000);
    private static final int PAIR_RATE = Integer.getInteger("bench.pairRate", 50);
    private static final int PAIR_MESSAGES = Integer.getInteger("bench.pairMessages", 1000);
    private static final int CEILING_START_RATE = Integer.getInteger("bench.ceilingStartRate", 50);
    private static final double CEILING_FACTOR = Double.parseDouble(System.getProperty("bench.ceilingFactor", "1.25"));
    private static final int CEILING_SECONDS = Integer.getInteger("bench.ceilingSeconds", 10);
    private static final int HANDSHAKE_ROUNDS = Integer.getInteger("bench.handshakeRounds", 5);
    private static final int CEILING_MAX_STEPS = 30;
    private static final String SERVER_CPU = "0";
    /**
     * Nodes A and B listen this far apart from the single node and each other: WildFly shifts all its
     * ports by one offset, and its defaults 4712 and 4713 (transactions) or 9990 and 9993 (management)
     * would collide at offsets 1 to 3 apart.
     */
    static final int PORT_STEP = 5;

    private ClusterBench() {
    }

    /** CPU per operation of each cluster process (JIT compilers excluded), in µs. */
    record CpuShares(double nodeA, double nodeB, double redis) {
        double total() {
            return nodeA + nodeB + redis;
        }
    }

    /** One comparison's two sides: the single node's figures and the cluster's. */
    record Pair<T>(T single, T cluster) {
    }

    /** One round of handshakes on each side; the cluster's CPU split by process. */
    record HandshakeRound(Workloads.HandshakeResult single, Workloads.HandshakeResult cluster, CpuShares clusterCpu) {
        /** What the cluster added to a handshake: every cluster process's CPU less the single node's. */
        double addedMicros() {
            return clusterCpu.total() - single.serverCpuMicrosEach();
        }
    }

    record Figures(String server, int warmUpRounds, List<HandshakeRound> handshakes,
                   Pair<Workloads.FanoutResult> twoMembers, Pair<Workloads.FanoutResult> paced, CpuShares pacedCpu,
                   Pair<List<Workloads.FanoutResult>> ceiling) {
    }

    static Figures run(String name, Path target, Path war, Path out) throws Exception {
        var tokens = new BenchTokens();
        var config = BenchRun.serverConfig(tokens.writePublicKey(out.resolve("bench-public-key.pem")));
        tokens.prepareValid("hs-", HANDSHAKES);
        tokens.prepareForged("rj-", HANDSHAKES);
        tokens.prepareValid("fan-", SUBSCRIBERS);
        try (var redis = new RedisServer().start()) {
            BenchRun.pin(redis.pid(), SERVER_CPU);
            try (var single = BenchServer.start(name, BenchServer.PORT, target, war, config, out.resolve(name + "-single.log"));
                 var nodeA = BenchServer.start(name, BenchServer.PORT + PORT_STEP, target, war,
                         node(config, redis, "bench-a"), out.resolve(name + "-node-a.log"));
                 var nodeB = BenchServer.start(name, BenchServer.PORT + 2 * PORT_STEP, target, war,
                         node(config, redis, "bench-b"), out.resolve(name + "-node-b.log"))) {
                var cluster = new ClusterCpu(List.of(nodeA.jvm(), nodeB.jvm(), new ProcessStats(redis.pid())));
                var http = HttpClient.newHttpClient();
                try (var alone = new Workloads(http, single.rooms(), tokens, single.jvm()::cpuNanosOutsideCompilers);
                     var clustered = new Workloads(http, nodeA.rooms(), tokens, cluster);
                     var onB = new Workloads(http, nodeB.rooms(), tokens, cluster)) {
                    BenchRun.awaitReady(alone, tokens);
                    BenchRun.awaitReady(clustered, tokens);
                    BenchRun.awaitReady(onB, tokens);
                    var profilers = new Profilers(new ServerProfiler(out, name + "-single", single.jvm().pid()),
                            new ServerProfiler(out, name + "-node-a", nodeA.jvm().pid()),
                            new ServerProfiler(out, name + "-node-b", nodeB.jvm().pid()));
                    return measure(name, new Sides(single, nodeA, nodeB, alone, clustered, cluster, profilers));
                }
            }
        }
    }

    static Map<String, String> node(Map<String, String> config, RedisServer redis, String id) {
        var node = new HashMap<>(config);
        node.put("ROOMGATE_CLUSTER_REDIS_URL", redis.url());
        node.put("ROOMGATE_CLUSTER_NODE_ID", id);
        return node;
    }

    /** What is measured: the single node, the cluster's two nodes, the driver's workloads on each side. */
    private record Sides(BenchServer single, BenchServer nodeA, BenchServer nodeB, Workloads alone, Workloads clustered,
                         ClusterCpu cluster, Profilers profilers) {
    }

    /**
     * async-profiler on the single node, or on both cluster nodes at once, per workload, when
     * {@code -Dbench.profiler} asks for it ({@link ServerProfiler}; Redis is not profiled).
     */
    private record Profilers(ServerProfiler single, ServerProfiler nodeA, ServerProfiler nodeB) {
        <T> T onSingle(String workload, Callable<T> work) throws Exception {
            return single.workload(workload, work);
        }

        <T> T onCluster(String workload, Callable<T> work) throws Exception {
            return nodeA.workload(workload, () -> nodeB.workload(workload, work));
        }
    }

    private static Figures measure(String name, Sides sides) throws Exception {
        int warmUpRounds = warmUpInTurns(sides);
        var handshakes = new ArrayList<HandshakeRound>();
        for (int round = 0; round < HANDSHAKE_ROUNDS; round++) {
            handshakes.add(handshakeRound(sides, round));
        }
        var profilers = sides.profilers();
        URI single = sides.single().rooms();
        URI nodeA = sides.nodeA().rooms();
        URI nodeB = sides.nodeB().rooms();

        Pair<Workloads.FanoutResult> twoMembers;
        try (var singleRoom = warm(sides.alone().fanoutRoom(List.of(single), single, 1));
             var clusterRoom = warm(sides.clustered().fanoutRoom(List.of(nodeB), nodeA, 1))) {
            twoMembers = new Pair<>(profilers.onSingle("two-members", () -> singleRoom.publish(PAIR_RATE, PAIR_MESSAGES)),
                    profilers.onCluster("two-members", () -> clusterRoom.publish(PAIR_RATE, PAIR_MESSAGES)));
        }
        say("two-member room p99 (ms)", twoMembers.single().latency().p99(), twoMembers.cluster().latency().p99());

        try (var singleRoom = warm(sides.alone().fanoutRoom(List.of(single), single, SUBSCRIBERS));
             var clusterRoom = warm(sides.clustered().fanoutRoom(List.of(nodeA, nodeB), nodeA, SUBSCRIBERS))) {
            var singlePaced = profilers.onSingle("fanout-paced", () -> singleRoom.publish(PACED_RATE, MESSAGES));
            var before = sides.cluster().each();
            var clusterPaced = profilers.onCluster("fanout-paced", () -> clusterRoom.publish(PACED_RATE, MESSAGES));
            var pacedCpu = sides.cluster().sharesSince(before, Math.max(1, clusterPaced.delivered()));
            say("paced fan-out p99 (ms)", singlePaced.latency().p99(), clusterPaced.latency().p99());
            var ceiling = ceiling(singleRoom, clusterRoom);
            return new Figures(name, warmUpRounds, handshakes,
                    twoMembers, new Pair<>(singlePaced, clusterPaced), pacedCpu, ceiling);
        }
    }

    /**
     * The handshake workload on the single node and on node A, in turns, the cluster first every other
     * round: a drift of the machine's speed then weighs on both sides alike.
     */
    private static HandshakeRound handshakeRound(Sides sides, int round) throws Exception {
        String workload = "handshake-" + round;
        Callable<Workloads.HandshakeResult> onSingle = () -> sides.profilers().onSingle(workload,
                () -> sides.alone().handshake(HANDSHAKES, CONCURRENCY));
        boolean clusterFirst = round % 2 == 1;
        Workloads.HandshakeResult single = clusterFirst ? null : onSingle.call();
        var before = sides.cluster().each();
        var onCluster = sides.profilers().onCluster(workload, () -> sides.clustered().handshake(HANDSHAKES, CONCURRENCY));
        var shares = sides.cluster().sharesSince(before, HANDSHAKES);
        if (clusterFirst) {
            single = onSingle.call();
        }
        say("handshake CPU (µs)", single.serverCpuMicrosEach(), shares.total());
        return new HandshakeRound(single, onCluster, shares);
    }

    /**
     * Both sides warmed up in turns until each has settled, and for at least {@code
     * bench.minWarmUpRounds}: warmed one after the other, node A once stopped after 4 rounds on a
     * plateau it left in the measured rounds (720 falling to 610 µs), while the single node, warmed
     * first, had idled meanwhile; the cluster then looked 250 µs dearer than in runs that warmed it 11 rounds.
     */
    private static int warmUpInTurns(Sides sides) throws InterruptedException {
        var single = new BenchRun.Settling();
        var cluster = new BenchRun.Settling();
        for (int rounds = 1; ; rounds++) {
            single.add(BenchRun.warmUpRound(sides.single().jvm(), () -> handshakesAndRefusals(sides.alone()), rounds));
            cluster.add(BenchRun.warmUpRound(sides.nodeA().jvm(), () -> handshakesAndRefusals(sides.clustered()), rounds));
            if (rounds >= BenchRun.MIN_WARM_UP_ROUNDS && single.settled() && cluster.settled() || rounds >= BenchRun.MAX_WARM_UP_ROUNDS) {
                return rounds;
            }
        }
    }

    private static int handshakesAndRefusals(Workloads workloads) throws InterruptedException {
        workloads.handshake(HANDSHAKES, CONCURRENCY);
        workloads.reject(HANDSHAKES, CONCURRENCY);
        return 2 * HANDSHAKES;
    }

    /** One unmeasured run at the publisher's full rate: the delivery path compiled before it counts. */
    static FanoutRoom warm(FanoutRoom room) throws InterruptedException {
        var warmUp = room.publish(0, MESSAGES);
        System.out.printf(Locale.ROOT, "Fan-out warm-up to %d: %,.0f deliveries/s, %d lost%s%n", warmUp.subscribers(),
                warmUp.deliveriesPerSecond(), warmUp.lost(), warmUp.lost() > 0 ? " (members that fell behind were closed:"
                        + " the measured runs count them as lost)" : "");
        return room;
    }

    /**
     * Both rooms at the same rising rates, in turns, each until a step passes the p99 bound twice or
     * loses a delivery (those steps are kept: they show where the bound was passed). The second try
     * keeps one collector pause from ending a ramp; a loss ends it at once, since the server has
     * closed members that fell behind (PROTOCOL §5's slow-consumer close).
     */
    private static Pair<List<Workloads.FanoutResult>> ceiling(FanoutRoom single, FanoutRoom cluster) throws InterruptedException {
        var singleSteps = new ArrayList<Workloads.FanoutResult>();
        var clusterSteps = new ArrayList<Workloads.FanoutResult>();
        boolean singleClimbs = true;
        boolean clusterClimbs = true;
        double rate = CEILING_START_RATE;
        for (int step = 0; step < CEILING_MAX_STEPS && (singleClimbs || clusterClimbs); step++) {
            int messagesPerSecond = (int) Math.round(rate);
            if (singleClimbs) {
                singleClimbs = climb(single, singleSteps, messagesPerSecond, "single node");
            }
            if (clusterClimbs) {
                clusterClimbs = climb(cluster, clusterSteps, messagesPerSecond, "cluster");
            }
            rate *= CEILING_FACTOR;
        }
        return new Pair<>(singleSteps, clusterSteps);
    }

    /** One step of the ramp, tried again once if only its p99 passed the bound: whether the ramp goes on. */
    private static boolean climb(FanoutRoom room, List<Workloads.FanoutResult> steps, int messagesPerSecond, String side)
            throws InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            var step = room.publish(messagesPerSecond, messagesPerSecond * CEILING_SECONDS);
            steps.add(step);
            System.out.printf(Locale.ROOT, "Ceiling, %s: %d msg/s, %,.0f deliveries/s, p99 %.1f ms, %d lost%n", side,
                    messagesPerSecond, step.deliveriesPerSecond(), step.latency().p99(), step.lost());
            if (withinBound(step)) {
                return true;
            }
            if (step.lost() > 0) {
                return false;
            }
        }
        return false;
    }

    static boolean withinBound(Workloads.FanoutResult step) {
        return step.lost() == 0 && step.latency().p99() <= CEILING_P99_MILLIS;
    }

    private static void say(String figure, double single, double cluster) {
        System.out.printf(Locale.ROOT, "Cluster bench, %s: single node %.1f, cluster %.1f%n", figure, single, cluster);
    }
}
