package io.roomgate.load;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection that fills rooms' histories (PROTOCOL §8) to a given number of messages: it joins
 * each room, sends them, leaves (a room keeps its history without members), and once all are sent
 * joins each room again to read its latest offset, so that a full room is one the server says is
 * full. The connection stays open until closed: a heap reading before and after the fill counts it
 * in both.
 */
public final class HistoryFill implements AutoCloseable {

    /** {@code full}: rooms whose latest offset was {@code messages} when joined after the fill. */
    public record Result(int rooms, int messages, int bytes, int full, double seconds) {
    }

    /** {@code data} is {@code {"seq":N,"fill":"x…"}}: this much of it is not the fill. */
    private static final int DATA_FRAMING = "{\"seq\":,\"fill\":\"\"}".length();

    private final String prefix = "history-" + System.nanoTime() + "-";
    private final int rooms;
    private final int messages;
    private final int bytes;
    /** The first error frame's payload, or the close: a fill the server refused a frame of is no fill. */
    private final AtomicReference<String> refused = new AtomicReference<>();
    private volatile CompletableFuture<JsonObject> joined = new CompletableFuture<>();
    private AsyncClient client;

    private HistoryFill(int rooms, int messages, int bytes) {
        this.rooms = rooms;
        this.messages = messages;
        this.bytes = bytes;
    }

    static HistoryFill open(HttpClient http, URI node, String token, int rooms, int messages, int bytes) throws InterruptedException {
        var fill = new HistoryFill(rooms, messages, bytes);
        var connected = new CompletableFuture<Void>();
        fill.client = AsyncClient.connect(http, node, token, Map.of(), new AsyncClient.Handler() {
            @Override
            public void frame(AsyncClient client, JsonObject frame) {
                String type = frame.getString("type");
                if ("hub:connected".equals(type)) {
                    connected.complete(null);
                } else if ("room:joined".equals(type)) {
                    fill.joined.complete(frame.getJsonObject("payload"));
                } else if (type.endsWith("error")) {
                    fill.refused.compareAndSet(null, frame.getJsonObject("payload").toString());
                    fill.joined.completeExceptionally(new IllegalStateException("the server refused a frame of the fill: "
                            + fill.refused.get()));
                }
            }

            @Override
            public void closed(AsyncClient client, int code, String reason) {
                fill.refused.compareAndSet(null, "the connection closed: " + code + " " + reason);
                var failure = new IllegalStateException("the fill's connection closed: " + code + " " + reason);
                connected.completeExceptionally(failure);
                fill.joined.completeExceptionally(failure);
            }
        }).join();
        Workloads.await(connected, "the fill's connection");
        return fill;
    }

    public Result fill() throws InterruptedException {
        long start = System.nanoTime();
        for (int room = 0; room < rooms; room++) {
            join(room);
            for (int seq = 0; seq < messages; seq++) {
                client.send(Workloads.send(prefix + room, seq, "x".repeat(fillLength(seq)), false));
            }
            client.send(Workloads.leave(prefix + room));
        }
        int full = 0;
        for (int room = 0; room < rooms; room++) {
            if (join(room).getJsonNumber("offset").longValue() == messages) {
                full++;
            }
            client.send(Workloads.leave(prefix + room));
        }
        requireNoRefusal();
        return new Result(rooms, messages, bytes, full, (System.nanoTime() - start) / 1e9);
    }

    private int fillLength(int seq) {
        return Math.max(0, bytes - DATA_FRAMING - String.valueOf(seq).length());
    }

    /** Joins room number {@code room} and waits for its {@code room:joined}. */
    private JsonObject join(int room) throws InterruptedException {
        requireNoRefusal();
        var reply = new CompletableFuture<JsonObject>();
        joined = reply;
        client.send(Workloads.join(prefix + room));
        var payload = Workloads.await(reply, "a join of the fill");
        requireNoRefusal();
        if (!payload.containsKey("offset")) {
            throw new IllegalStateException("no offset in room:joined: the server keeps no history");
        }
        return payload;
    }


    private void requireNoRefusal() {
        if (refused.get() != null) {
            throw new IllegalStateException("the server refused a frame of the fill: " + refused.get());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
