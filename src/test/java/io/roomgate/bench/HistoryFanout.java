package io.roomgate.bench;

import io.roomgate.load.FanoutRoom;
import io.roomgate.load.Workloads;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The history bench's paced fan-out, history off beside on: one room alive at a time. Two rooms of
 * 1,000 members on the one server core, with their 2,000 sockets on the driver's, lost members to
 * the slow-consumer close (PROTOCOL §5) from the second round on; each side is therefore measured
 * alone, in a room built for the run and closed after it, and a round in which either side lost a
 * delivery is reported but left out of the medians.
 */
final class HistoryFanout {

    /** How long a node may take to see a closed room's connections gone. */
    private static final Duration CLEAN_UP = Duration.ofMinutes(1);

    /** A node and the driver's workloads on it. */
    record Node(BenchServer server, Workloads workloads) {
    }

    /** One node's run: {@code closed} is how many subscribers the server had closed by its end. */
    record Side(Workloads.FanoutResult result, int closed) {
        double cpuMicrosEach() {
            return result.serverCpuMicrosEach();
        }
    }

    /** One round on each node; {@code historyFirst}: the node with history ran first. */
    record Round(int number, boolean historyFirst, Side off, Side on) {
        /** Every message reached every member on both sides: the two figures compare like with like. */
        boolean valid() {
            return off.result().lost() == 0 && on.result().lost() == 0;
        }

        /** CPU per delivery with history on over the same without, less one. */
        double added() {
            return on.cpuMicrosEach() / off.cpuMicrosEach() - 1;
        }
    }

    private final Node off;
    private final Node on;
    private final int subscribers;
    private final int ratePerSecond;
    private final int messages;

    HistoryFanout(Node off, Node on, int subscribers, int ratePerSecond, int messages) {
        this.off = off;
        this.on = on;
        this.subscribers = subscribers;
        this.ratePerSecond = ratePerSecond;
        this.messages = messages;
    }

    /** Each node warmed up once, then the rounds, the node with history first every other round. */
    List<Round> run(int rounds) throws InterruptedException, IOException {
        warmUp(off, "off");
        warmUp(on, "on");
        var results = new ArrayList<Round>();
        for (int number = 1; number <= rounds; number++) {
            boolean historyFirst = number % 2 == 0;
            var first = measure(historyFirst ? on : off);
            var second = measure(historyFirst ? off : on);
            var round = historyFirst ? new Round(number, true, second, first) : new Round(number, false, first, second);
            results.add(round);
            System.out.printf(Locale.ROOT, "History bench, fan-out round %d (%s first): CPU per delivery %.2f µs off,"
                            + " %.2f µs on (%+.1f %%), lost %d / %d, subscribers closed %d / %d: %s%n", number,
                    historyFirst ? "on" : "off", round.off().cpuMicrosEach(), round.on().cpuMicrosEach(), 100 * round.added(),
                    round.off().result().lost(), round.on().result().lost(), round.off().closed(), round.on().closed(),
                    round.valid() ? "valid" : "invalid (left out of the medians)");
        }
        return results;
    }

    /**
     * At the publisher's full rate, in a room of its own: the delivery path compiled before it counts.
     * The warm-up's wait for its last delivery drains the queues; the room is closed after it, so
     * members it lost never weigh on a measured round.
     */
    private void warmUp(Node node, String side) throws InterruptedException, IOException {
        try (var room = open(node)) {
            var warmUp = room.publish(0, messages);
            System.out.printf(Locale.ROOT, "History bench, fan-out warm-up with history %s: %,.0f deliveries/s, %d lost%n",
                    side, warmUp.deliveriesPerSecond(), warmUp.lost());
        }
        awaitCleanUp(node);
    }

    /**
     * A room built for this run. One message before the measured ones, every member's receipt of it
     * awaited: the presence events of 1,000 joins are delivered before it, so the run starts on
     * empty queues.
     */
    private Side measure(Node node) throws InterruptedException, IOException {
        Side side;
        try (var room = open(node)) {
            room.publish(0, 1);
            var result = room.publish(ratePerSecond, messages);
            side = new Side(result, subscribers - room.openSubscribers());
        }
        awaitCleanUp(node);
        return side;
    }

    private FanoutRoom open(Node node) throws InterruptedException {
        var rooms = node.server().rooms();
        return node.workloads().fanoutRoom(List.of(rooms), rooms, subscribers);
    }

    /** The closed room's leaves and clean-up done before the other node's run starts on the same core. */
    private static void awaitCleanUp(Node node) throws InterruptedException, IOException {
        if (!node.server().awaitNoConnections(CLEAN_UP)) {
            System.out.println("History bench: connections still open on " + node.server().rooms() + " after "
                    + CLEAN_UP.toSeconds() + " s; going on (an idle socket costs no CPU)");
        }
    }
}
