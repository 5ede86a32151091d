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

/**
 * {@code -Dbench.cluster=true}: a node on its own beside two nodes of a cluster on one Redis (issue
 * 16), all started at once and measured in turns, so that both sides of each comparison meet the
 * same machine. One node (cluster off) on {@code bench.port}, cluster nodes A and B on the two
 * ports after it, Redis on a free loopback port; all of them pinned to CPU 0 (the server side gets
 * the one core a single server gets), the driver to CPU 1.
 * <ul>
 *   <li>Handshakes on the single node and on node A: CPU per handshake of the node alone and of
 *       both nodes and Redis together, after each has warmed up.</li>
 *   <li>A 2-member room: the publisher on node A and the one member on node B (one Redis round trip
 *       per message), beside both on the single node; {@code bench.pairMessages} at
 *       {@code bench.pairRate} a second.</li>
 *   <li>Paced fan-out: {@code bench.subscribers} members, split over A and B in the cluster, the
 *       publisher on A, {@code bench.clusterMessages} at 50 a second; CPU per delivery of both
 *       nodes and Redis.</li>
 *   <li>Hot-room ceiling: the same rooms at rising rates (from {@code bench.ceilingStartRate},
 *       ×{@code bench.ceilingFactor} a step, {@code bench.ceilingSeconds} each) until p99 passes
 *       60 ms or a delivery is lost; the ceiling is the last step within both.</li>
 * </ul>
 * Every room is warmed up at the publisher's full rate before its first measured run.
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
    private static final int CEILING_MAX_STEPS = 30;
    private static final String SERVER_CPU = "0";

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

    record Figures(String server, int singleWarmUpRounds, int clusterWarmUpRounds,
                   Pair<Workloads.HandshakeResult> handshakes, CpuShares handshakeCpu,
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
                 var nodeA = BenchServer.start(name, BenchServer.PORT + 1, target, war, node(config, redis, "bench-a"),
                         out.resolve(name + "-node-a.log"));
                 var nodeB = BenchServer.start(name, BenchServer.PORT + 2, target, war, node(config, redis, "bench-b"),
                         out.resolve(name + "-node-b.log"))) {
                var cluster = new ClusterCpu(List.of(nodeA.jvm(), nodeB.jvm(), new ProcessStats(redis.pid())));
                var http = HttpClient.newHttpClient();
                try (var alone = new Workloads(http, single.rooms(), tokens, single.jvm()::cpuNanosOutsideCompilers);
                     var clustered = new Workloads(http, nodeA.rooms(), tokens, cluster);
                     var onB = new Workloads(http, nodeB.rooms(), tokens, cluster)) {
                    BenchRun.awaitReady(alone, tokens);
                    BenchRun.awaitReady(clustered, tokens);
                    BenchRun.awaitReady(onB, tokens);
                    return measure(name, single, nodeA, nodeB, alone, clustered, cluster);
                }
            }
        }
    }

    private static Map<String, String> node(Map<String, String> config, RedisServer redis, String id) {
        var node = new HashMap<>(config);
        node.put("ROOMGATE_CLUSTER_REDIS_URL", redis.url());
        node.put("ROOMGATE_CLUSTER_NODE_ID", id);
        return node;
    }

    private static Figures measure(String name, BenchServer single, BenchServer nodeA, BenchServer nodeB,
                                   Workloads alone, Workloads clustered, ClusterCpu cluster) throws Exception {
        int singleRounds = BenchRun.warmUp(single.jvm(), () -> handshakesAndRefusals(alone));
        int clusterRounds = BenchRun.warmUp(nodeA.jvm(), () -> handshakesAndRefusals(clustered));
        var singleHandshakes = alone.handshake(HANDSHAKES, CONCURRENCY);
        var before = cluster.each();
        var clusterHandshakes = clustered.handshake(HANDSHAKES, CONCURRENCY);
        var handshakeCpu = cluster.sharesSince(before, HANDSHAKES);
        say("handshake", singleHandshakes.serverCpuMicrosEach(), clusterHandshakes.serverCpuMicrosEach());

        Pair<Workloads.FanoutResult> twoMembers;
        try (var singleRoom = warm(alone.fanoutRoom(List.of(single.rooms()), single.rooms(), 1));
             var clusterRoom = warm(clustered.fanoutRoom(List.of(nodeB.rooms()), nodeA.rooms(), 1))) {
            twoMembers = new Pair<>(singleRoom.publish(PAIR_RATE, PAIR_MESSAGES), clusterRoom.publish(PAIR_RATE, PAIR_MESSAGES));
        }
        say("two-member room p99 (ms)", twoMembers.single().latency().p99(), twoMembers.cluster().latency().p99());

        List<URI> split = List.of(nodeA.rooms(), nodeB.rooms());
        try (var singleRoom = warm(alone.fanoutRoom(List.of(single.rooms()), single.rooms(), SUBSCRIBERS));
             var clusterRoom = warm(clustered.fanoutRoom(split, nodeA.rooms(), SUBSCRIBERS))) {
            var singlePaced = singleRoom.publish(PACED_RATE, MESSAGES);
            before = cluster.each();
            var clusterPaced = clusterRoom.publish(PACED_RATE, MESSAGES);
            var pacedCpu = cluster.sharesSince(before, Math.max(1, clusterPaced.delivered()));
            say("paced fan-out p99 (ms)", singlePaced.latency().p99(), clusterPaced.latency().p99());
            var ceiling = ceiling(singleRoom, clusterRoom);
            return new Figures(name, singleRounds, clusterRounds, new Pair<>(singleHandshakes, clusterHandshakes), handshakeCpu,
                    twoMembers, new Pair<>(singlePaced, clusterPaced), pacedCpu, ceiling);
        }
    }

    private static int handshakesAndRefusals(Workloads workloads) throws InterruptedException {
        workloads.handshake(HANDSHAKES, CONCURRENCY);
        workloads.reject(HANDSHAKES, CONCURRENCY);
        return 2 * HANDSHAKES;
    }

    /** One unmeasured run at the publisher's full rate: the delivery path compiled before it counts. */
    private static FanoutRoom warm(FanoutRoom room) throws InterruptedException {
        room.publish(0, MESSAGES);
        return room;
    }

    /**
     * Both rooms at the same rising rates, in turns, each until its first step past the p99 bound or
     * with a loss (that step is kept: it shows where the bound was passed).
     */
    private static Pair<List<Workloads.FanoutResult>> ceiling(FanoutRoom single, FanoutRoom cluster) throws InterruptedException {
        var singleSteps = new ArrayList<Workloads.FanoutResult>();
        var clusterSteps = new ArrayList<Workloads.FanoutResult>();
        double rate = CEILING_START_RATE;
        for (int step = 0; step < CEILING_MAX_STEPS && (within(singleSteps) || within(clusterSteps)); step++) {
            int messagesPerSecond = (int) Math.round(rate);
            int messages = messagesPerSecond * CEILING_SECONDS;
            if (within(singleSteps)) {
                singleSteps.add(single.publish(messagesPerSecond, messages));
            }
            if (within(clusterSteps)) {
                clusterSteps.add(cluster.publish(messagesPerSecond, messages));
            }
            System.out.printf(Locale.ROOT, "Ceiling step %d msg/s: single p99 %.1f ms, cluster p99 %.1f ms%n", messagesPerSecond,
                    singleSteps.get(singleSteps.size() - 1).latency().p99(), clusterSteps.get(clusterSteps.size() - 1).latency().p99());
            rate *= CEILING_FACTOR;
        }
        return new Pair<>(singleSteps, clusterSteps);
    }

    /** Whether the last step (if any) stayed within the bound: the ramp goes on. */
    static boolean within(List<Workloads.FanoutResult> steps) {
        return steps.isEmpty() || withinBound(steps.get(steps.size() - 1));
    }

    static boolean withinBound(Workloads.FanoutResult step) {
        return step.lost() == 0 && step.latency().p99() <= CEILING_P99_MILLIS;
    }

    private static void say(String figure, double single, double cluster) {
        System.out.printf(Locale.ROOT, "Cluster bench, %s: single node %.1f, cluster %.1f%n", figure, single, cluster);
    }
}
