package io.roomgate.bench;

import io.roomgate.load.HistoryFill;
import io.roomgate.load.Recovery;
import io.roomgate.load.Workloads;
import io.roomgate.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code -Dbench.history=true}: what a room's history (PROTOCOL §8, issue 17) costs. Two single
 * nodes side by side, history off ({@code bench.port}) and on ({@code bench.port} + 5, keeping
 * {@code bench.historySize} messages a room), then two nodes on one Redis with history on
 * ({@code bench.port} + 10 and + 15); every server pinned to CPU 0, the driver to CPU 1.
 * <ul>
 *   <li>Paced fan-out ({@link HistoryFanout}): {@code bench.subscribers} members at 50 msg/s,
 *       {@code bench.historyMessages} a run, on the node without history and the node with it in
 *       {@code bench.historyRounds} rounds taken in turns (the node with history first every other
 *       round), one room alive at a time; CPU per delivery.</li>
 *   <li>Recovery: a member drops, {@code bench.recoveryMissed} messages are sent, it joins again with
 *       {@code since}: from that join's send to the last missed message's receipt, over
 *       {@code bench.recoveryRepetitions} drops after as many unmeasured; on the node with
 *       history, then across the cluster (publisher on A, the member on B) unless
 *       {@code -Dbench.historyCluster=false}.</li>
 *   <li>Heap per room: {@code bench.historyRooms} rooms filled to {@code bench.historySize} messages
 *       whose {@code data} is {@value #MESSAGE_BYTES} bytes of JSON, on the node with history; live
 *       heap after a full collection before and after, divided by the rooms.</li>
 * </ul>
 */
final class HistoryBench {

    static final boolean ENABLED = Boolean.getBoolean("bench.history");
    static final int MESSAGE_BYTES = 1024;
    private static final int SIZE = Integer.getInteger("bench.historySize", 100);
    private static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 1000);
    private static final int PACED_RATE = 50;
    private static final int MESSAGES = Integer.getInteger("bench.historyMessages", 1000);
    /** Even: each node runs first in as many rounds as the other. */
    private static final int ROUNDS = Integer.getInteger("bench.historyRounds", 6);
    private static final int REPETITIONS = Integer.getInteger("bench.recoveryRepetitions", 50);
    private static final int MISSED = Integer.getInteger("bench.recoveryMissed", 100);
    private static final int ROOMS = Integer.getInteger("bench.historyRooms", 1000);
    private static final boolean CLUSTER = Boolean.parseBoolean(System.getProperty("bench.historyCluster", "true"));
    private static final int HEAP_ROWS_REPORTED = 10;
    private static final String SERVER_CPU = "0";

    private HistoryBench() {
    }

    /** The live heap the filled histories added, and the classes that grew most. */
    record HeapPerRoom(HistoryFill.Result fill, long grownBytes, List<HeapHistogram.Growth> byClass) {
        double perRoom() {
            return grownBytes / (double) fill.rooms();
        }
    }

    /** {@code crossNode} is null when the cluster was not run. */
    record Figures(String server, int historySize, List<HistoryFanout.Round> fanout, Recovery.Result singleNode,
                   Recovery.Result crossNode, HeapPerRoom heap) {
    }

    static Figures run(String name, Path target, Path war, Path out) throws Exception {
        var tokens = new BenchTokens();
        var config = BenchRun.serverConfig(tokens.writePublicKey(out.resolve("bench-public-key.pem")));
        // the fill's one connection joins every room twice: 2,000 joins at the driver's pace
        config.put("ROOMGATE_LIMITS_JOINS_PER_SECOND", "1000000");
        config.put("ROOMGATE_LIMITS_JOIN_BURST", "1000000");
        tokens.prepareValid("fan-", SUBSCRIBERS);
        var http = HttpClient.newHttpClient();
        List<HistoryFanout.Round> fanout;
        Recovery.Result singleNode;
        HeapPerRoom heap;
        try (var off = BenchServer.start(name, BenchServer.PORT, target, war, history(config, 0),
                out.resolve(name + "-history-off.log"));
             var on = BenchServer.start(name, BenchServer.PORT + ClusterBench.PORT_STEP, target, war, history(config, SIZE),
                     out.resolve(name + "-history-on.log"));
             var withoutHistory = new Workloads(http, off.rooms(), tokens, off.jvm()::cpuNanosOutsideCompilers);
             var withHistory = new Workloads(http, on.rooms(), tokens, on.jvm()::cpuNanosOutsideCompilers)) {
            BenchRun.awaitReady(withoutHistory, tokens);
            BenchRun.awaitReady(withHistory, tokens);
            fanout = new HistoryFanout(new HistoryFanout.Node(off, withoutHistory), new HistoryFanout.Node(on, withHistory),
                    SUBSCRIBERS, PACED_RATE, MESSAGES).run(ROUNDS);
            singleNode = recovery(withHistory, on.rooms(), on.rooms(), "single node");
            heap = heapPerRoom(on, withHistory);
        }
        var crossNode = CLUSTER ? crossNode(name, target, war, out, config, tokens, http) : null;
        return new Figures(name, SIZE, fanout, singleNode, crossNode, heap);
    }

    private static Map<String, String> history(Map<String, String> config, int size) {
        var node = new HashMap<>(config);
        node.put("ROOMGATE_HISTORY_SIZE", String.valueOf(size));
        return node;
    }

    /** As many repetitions unmeasured as measured: the replay's path compiled before it counts. */
    private static Recovery.Result recovery(Workloads workloads, URI publisherNode, URI recoveringNode, String side)
            throws InterruptedException {
        try (var recovery = workloads.recovery(publisherNode, recoveringNode)) {
            recovery.run(REPETITIONS, MISSED);
            var result = recovery.run(REPETITIONS, MISSED);
            System.out.printf(Locale.ROOT, "History bench, recovery of %d on the %s: p50 %.1f ms, p99 %.1f ms, %d of %d"
                            + " recovered%n", MISSED, side, result.latency().p50(), result.latency().p99(), result.recovered(),
                    result.repetitions());
            return result;
        }
    }

    /**
     * The fan-out's and the recovery's connections gone first (their clean-up is not the rooms'),
     * the fill's own connection open in both readings.
     */
    private static HeapPerRoom heapPerRoom(BenchServer server, Workloads workloads) throws Exception {
        if (!server.awaitNoConnections(Duration.ofMinutes(1))) {
            System.out.println("Connections still open before the heap per room (the figure counts their clean-up)");
        }
        try (var fill = workloads.historyFill(ROOMS, SIZE, MESSAGE_BYTES)) {
            var before = HeapHistogram.of(server.jvm().pid());
            var result = fill.fill();
            var after = HeapHistogram.of(server.jvm().pid());
            var heap = new HeapPerRoom(result, after.growthSince(before), after.largestGrowthSince(before, HEAP_ROWS_REPORTED));
            System.out.printf(Locale.ROOT, "History bench, %d rooms of %d messages (%d full): %,.0f bytes of heap a room%n",
                    result.rooms(), result.messages(), result.full(), heap.perRoom());
            return heap;
        }
    }

    /** Two nodes with history on one Redis: the publisher on A, the member recovering on B. */
    private static Recovery.Result crossNode(String name, Path target, Path war, Path out, Map<String, String> config,
                                             BenchTokens tokens, HttpClient http) throws Exception {
        try (var redis = new RedisServer().start()) {
            BenchRun.pin(redis.pid(), SERVER_CPU);
            try (var nodeA = BenchServer.start(name, BenchServer.PORT + 2 * ClusterBench.PORT_STEP, target, war,
                    ClusterBench.node(history(config, SIZE), redis, "bench-a"), out.resolve(name + "-history-node-a.log"));
                 var nodeB = BenchServer.start(name, BenchServer.PORT + 3 * ClusterBench.PORT_STEP, target, war,
                         ClusterBench.node(history(config, SIZE), redis, "bench-b"), out.resolve(name + "-history-node-b.log"));
                 var onA = new Workloads(http, nodeA.rooms(), tokens, nodeA.jvm()::cpuNanosOutsideCompilers);
                 var onB = new Workloads(http, nodeB.rooms(), tokens, nodeB.jvm()::cpuNanosOutsideCompilers)) {
                BenchRun.awaitReady(onA, tokens);
                BenchRun.awaitReady(onB, tokens);
                return recovery(onA, nodeA.rooms(), nodeB.rooms(), "cluster");
            }
        }
    }
}
