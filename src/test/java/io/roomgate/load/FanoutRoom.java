package io.roomgate.load;

import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * One room of subscribers, spread over one or more nodes (subscriber {@code i} on node
 * {@code i % nodes}), and a publisher on a node of its own choosing, kept open across several
 * publishing runs: a ramp of rates measures the same members at each step, without the presence
 * churn of 1,000 members leaving and joining again in between. A run's messages carry its number,
 * so a late delivery of an earlier run never counts in a later one.
 */
public final class FanoutRoom implements AutoCloseable {

    private final String room = "fanout-" + System.nanoTime();
    private final List<URI> subscriberNodes;
    private final int subscribers;
    private final LongSupplier serverCpuNanos;
    private final List<SubscriberSockets.Link> members = Collections.synchronizedList(new ArrayList<>());
    private AsyncClient publisher;
    private volatile Run current = new Run(-1, 0);
    private int runs;

    /** What one publishing run has received so far, in all and per subscriber node. */
    private record Run(int number, Latencies all, List<Latencies> byNode, AtomicLong delivered) {
        Run(int number, int nodes) {
            this(number, new Latencies(), IntStream.range(0, nodes).mapToObj(n -> new Latencies()).toList(), new AtomicLong());
        }

        void record(int node, long nanos) {
            all.record(nanos);
            byNode.get(node).record(nanos);
            delivered.incrementAndGet();
        }
    }

    private FanoutRoom(List<URI> subscriberNodes, int subscribers, LongSupplier serverCpuNanos) {
        this.subscriberNodes = List.copyOf(subscriberNodes);
        this.subscribers = subscribers;
        this.serverCpuNanos = serverCpuNanos;
    }

    /** Opens the subscribers and the publisher; returns once every one of them has joined. */
    static FanoutRoom open(Workloads workloads, SubscriberSockets sockets, List<URI> subscriberNodes, URI publisherNode,
                           int subscribers, LongSupplier serverCpuNanos) throws InterruptedException {
        var fanout = new FanoutRoom(subscriberNodes, subscribers, serverCpuNanos);
        try {
            fanout.join(workloads, sockets);
            fanout.publisher = workloads.member(publisherNode, "publisher", fanout.room);
        } catch (RuntimeException | InterruptedException e) {
            fanout.close();
            throw e;
        }
        return fanout;
    }

    private void join(Workloads workloads, SubscriberSockets sockets) throws InterruptedException {
        var joined = new CountDownLatch(subscribers);
        Workloads.runConcurrently(subscribers, 100, (index, done) -> {
            int node = index % subscriberNodes.size();
            sockets.open(subscriberNodes.get(node), workloads.token("fan-" + index), (link, frame) -> {
                switch (frame.getString("type")) {
                    case "hub:connected" -> {
                        members.add(link);
                        link.send(Workloads.join(room));
                    }
                    case "room:joined" -> {
                        joined.countDown();
                        done.run();
                    }
                    case "room:message" -> received(node, frame);
                    default -> {
                    }
                }
            }, done);
        });
        if (!joined.await(Workloads.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (subscribers - joined.getCount()) + " subscribers joined");
        }
    }

    private void received(int node, JsonObject frame) {
        var data = frame.getJsonObject("payload").getJsonObject("data");
        var run = current;
        if (data.getInt("run") == run.number()) {
            run.record(node, System.nanoTime() - data.getJsonNumber("t").longValue());
        }
    }

    /**
     * Sends {@code messages} at {@code ratePerSecond} (0: as fast as the socket takes them) and waits
     * for every delivery, or {@link Workloads#PATIENCE} after the last send; each delivery is timed
     * from the publisher's send to the subscriber's receipt. Server CPU counts from the first send
     * to the last delivery (or the end of the wait).
     */
    public Workloads.FanoutResult publish(int ratePerSecond, int messages) throws InterruptedException {
        var run = new Run(runs++, subscriberNodes.size());
        current = run;
        long cpuBefore = serverCpuNanos.getAsLong();
        long driverCpuBefore = Workloads.DRIVER.cpuNanos();
        long start = System.nanoTime();
        long interval = ratePerSecond == 0 ? 0 : 1_000_000_000L / ratePerSecond;
        for (int seq = 0; seq < messages; seq++) {
            if (interval > 0) {
                long wait = start + seq * interval - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            publisher.send(Workloads.message(room, run.number(), seq)).join();
        }
        long expected = (long) messages * subscribers;
        long deadline = System.nanoTime() + Workloads.PATIENCE.toNanos();
        while (run.delivered().get() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = serverCpuNanos.getAsLong() - cpuBefore;
        double driverBusy = (Workloads.DRIVER.cpuNanos() - driverCpuBefore) / 1e9 / seconds;
        long delivered = run.delivered().get();
        return new Workloads.FanoutResult(subscribers, ratePerSecond, messages, expected, delivered, delivered / seconds,
                run.all().summary(), cpu / 1e3 / Math.max(1, delivered), driverBusy,
                run.byNode().stream().map(Latencies::summary).toList());
    }

    /** The subscribers still connected: the server closes one that fell behind (PROTOCOL §5). */
    public int openSubscribers() {
        synchronized (members) {
            return (int) members.stream().filter(SubscriberSockets.Link::isOpen).count();
        }
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
        synchronized (members) {
            members.forEach(SubscriberSockets.Link::close);
        }
    }
}
