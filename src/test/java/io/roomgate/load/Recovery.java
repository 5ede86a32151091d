package io.roomgate.load;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PROTOCOL §8's recovery as its user meets it: a member of a room drops, the room's publisher sends
 * messages meanwhile, the member connects again and joins with {@code since}; timed from that
 * join's send to the receipt of the last message it missed. The publisher sends with {@code echo}
 * and waits for its own last message: the room's history holds every one of them before the member
 * comes back (on a cluster too: a node delivers a message only once Redis has given it its offset).
 * Each repetition is a user of its own, so the per-user connection limit never meets a drop the
 * server has not noticed yet.
 */
public final class Recovery implements AutoCloseable {

    /** {@code recovered}: replies with {@code recovered: true} whose replay ended on the room's latest offset. */
    public record Result(int repetitions, int missed, int recovered, Latencies.Summary latency) {
        public int failed() {
            return repetitions - recovered;
        }
    }

    /** Where a member stood when it dropped. */
    private record Position(String epoch, long offset) {
    }

    private final HttpClient http;
    private final TokenSource tokens;
    private final URI recoveringNode;
    private final String room = "recovery-" + System.nanoTime();
    private final AtomicInteger users = new AtomicInteger();
    private AsyncClient publisher;
    private int sent;
    private volatile int lastSeq = -1;
    private volatile CompletableFuture<Void> lastEchoed = new CompletableFuture<>();

    private Recovery(HttpClient http, TokenSource tokens, URI recoveringNode) {
        this.http = http;
        this.tokens = tokens;
        this.recoveringNode = recoveringNode;
    }

    static Recovery open(HttpClient http, TokenSource tokens, URI publisherNode, URI recoveringNode)
            throws InterruptedException {
        var recovery = new Recovery(http, tokens, recoveringNode);
        var joined = new CompletableFuture<JsonObject>();
        recovery.publisher = connect(http, publisherNode, tokens.valid("recovery-publisher"), joined, (client, frame) -> {
            switch (frame.getString("type")) {
                case "hub:connected" -> client.send(Workloads.join(recovery.room));
                case "room:joined" -> joined.complete(frame);
                case "room:message" -> recovery.echoed(frame);
                default -> {
                }
            }
        });
        Workloads.await(joined, "the publisher's join");
        return recovery;
    }

    private void echoed(JsonObject frame) {
        if (frame.getJsonObject("payload").getJsonObject("data").getInt("seq") == lastSeq) {
            lastEchoed.complete(null);
        }
    }

    /** {@code repetitions} drops, each missing {@code missed} messages, one after the other. */
    public Result run(int repetitions, int missed) throws InterruptedException {
        var latencies = new Latencies();
        int recovered = 0;
        for (int i = 0; i < repetitions; i++) {
            String user = "recover-" + users.getAndIncrement();
            var dropped = joinAndDrop(user);
            publish(missed);
            long nanos = recover(user, dropped, missed);
            if (nanos >= 0) {
                latencies.record(nanos);
                recovered++;
            }
        }
        return new Result(repetitions, missed, recovered, latencies.summary());
    }

    private Position joinAndDrop(String user) throws InterruptedException {
        var joined = new CompletableFuture<JsonObject>();
        var member = connect(http, recoveringNode, tokens.valid(user), joined, (client, frame) -> {
            switch (frame.getString("type")) {
                case "hub:connected" -> client.send(Workloads.join(room));
                case "room:joined" -> joined.complete(frame);
                default -> {
                }
            }
        });
        try {
            var reply = Workloads.await(joined, user + "'s join").getJsonObject("payload");
            if (!reply.containsKey("epoch")) {
                throw new IllegalStateException("no epoch in room:joined: the server keeps no history");
            }
            return new Position(reply.getString("epoch"), reply.getJsonNumber("offset").longValue());
        } finally {
            member.abort();
        }
    }

    private void publish(int messages) throws InterruptedException {
        lastEchoed = new CompletableFuture<>();
        lastSeq = sent + messages - 1;
        for (int i = 0; i < messages; i++) {
            publisher.send(Workloads.send(room, sent++, "", true));
        }
        Workloads.await(lastEchoed, "the publisher's last message");
    }

    /** Nanoseconds from the join with {@code since} to the last missed message, or -1 when it was not recovered in full. */
    private long recover(String user, Position dropped, int missed) throws InterruptedException {
        var replayed = new CompletableFuture<JsonObject>();
        var sentAt = new AtomicLong();
        var received = new AtomicInteger();
        long lastOffset = dropped.offset() + missed;
        var member = connect(http, recoveringNode, tokens.valid(user), replayed, (client, frame) -> {
            var payload = frame.getJsonObject("payload");
            switch (frame.getString("type")) {
                case "hub:connected" -> {
                    sentAt.set(System.nanoTime());
                    client.send(Workloads.join(room, dropped.epoch(), dropped.offset()));
                }
                case "room:joined" -> {
                    if (!payload.getBoolean("recovered", false)) {
                        replayed.complete(null);
                    }
                }
                case "room:message" -> {
                    if (received.incrementAndGet() == missed) {
                        replayed.complete(payload);
                    }
                }
                default -> {
                }
            }
        });
        try {
            var last = Workloads.await(replayed, user + "'s recovery");
            long nanos = System.nanoTime() - sentAt.get();
            return last != null && last.getJsonNumber("offset").longValue() == lastOffset ? nanos : -1;
        } finally {
            member.close();
        }
    }

    private static AsyncClient connect(HttpClient http, URI node, String token, CompletableFuture<?> outcome,
                                       Workloads.Frames frames) {
        return AsyncClient.connect(http, node, token, Map.of(), new AsyncClient.Handler() {
            @Override
            public void frame(AsyncClient client, JsonObject frame) {
                frames.on(client, frame);
            }

            @Override
            public void closed(AsyncClient client, int code, String reason) {
                outcome.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
            }
        }).join();
    }


    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
