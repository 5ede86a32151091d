package io.roomgate.load;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The load driver's workloads (issue 6), speaking PROTOCOL.md over real sockets. Each reports what
 * a client saw (counts, latencies) and the server CPU time it cost, read from {@code cpuNanos}.
 */
public final class Workloads implements AutoCloseable {

    /** How long a workload waits for stragglers before counting them lost. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** One factory: {@code Json.createObjectBuilder} looks the JSON-P provider up again on every call. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());
    private static final String SIGNATURE_FAILURE = "Invalid JWT: signature verification failed";
    private static final int HTTP_UNAUTHORIZED = 401;
    private static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";
    private static final int HTTP_TOO_MANY_REQUESTS = 429;

    /** This JVM: whether the driver itself kept up is part of reading a latency figure. */
    static final ProcessStats DRIVER = new ProcessStats(ProcessHandle.current().pid());

    private final HttpClient http;
    private final URI rooms;
    private final TokenSource tokens;
    private final LongSupplier serverCpuNanos;
    private final SubscriberSockets subscriberSockets = new SubscriberSockets();

    public Workloads(HttpClient http, URI rooms, TokenSource tokens, LongSupplier serverCpuNanos) {
        this.http = http;
        this.rooms = rooms;
        this.tokens = tokens;
        this.serverCpuNanos = serverCpuNanos;
    }

    public record HandshakeResult(int attempted, int concurrency, int connected, int failed, double perSecond,
                                  Latencies.Summary latency, double serverCpuMicrosEach) {
    }

    /**
     * {@code rejected}: the signature failure a wrong key must cause, as a {@code hub:error} (PROTOCOL
     * §1's default) or, with {@code roomgate.auth.reject-at-upgrade=true}, as HTTP 401 with
     * {@code WWW-Authenticate: Bearer error="invalid_token"}; {@code blocked}: HTTP 429 with
     * {@code Retry-After}, the address refused by its limits (PROTOCOL §5: failed authentications,
     * handshakes per second) before any token is read; {@code otherwise}: anything else.
     * {@code perSecond} counts refusals of both kinds.
     */
    public record RejectResult(int attempted, int concurrency, int rejected, int blocked, int accepted, int otherwise,
                               double perSecond, double serverCpuMicrosEach) {
    }

    /**
     * {@code driverBusy}: the driver's own CPU time over the run's wall time (1.0 = one core fully busy);
     * {@code latencyByNode}: the deliveries to each subscriber node's members apart, in the nodes' order.
     */
    public record FanoutResult(int subscribers, int ratePerSecond, int published, long expected, long delivered,
                               double deliveriesPerSecond, Latencies.Summary latency, double serverCpuMicrosEach,
                               double driverBusy, List<Latencies.Summary> latencyByNode) {
        public long lost() {
            return expected - delivered;
        }
    }

    /**
     * {@code presenceFrames}: the {@code room:presence} frames all clients had received when the last one
     * was connected (every connection joins the default room when the server has one, PROTOCOL §2.0).
     */
    public record IdleResult(int connections, int connected, double secondsToOpen, long presenceFrames,
                             List<AsyncClient> clients) {
    }

    /** {@code total} handshakes, {@code concurrency} at a time, each timed from connect to {@code hub:connected}. */
    public HandshakeResult handshake(int total, int concurrency) throws InterruptedException {
        var latencies = new Latencies();
        var connected = new AtomicInteger();
        var failed = new AtomicInteger();
        long cpuBefore = serverCpuNanos.getAsLong();
        long start = System.nanoTime();
        runConcurrently(total, concurrency, (index, done) -> {
            long began = System.nanoTime();
            var settled = new AtomicBoolean();
            open(tokens.valid("hs-" + index), (client, frame) -> {
                if ("hub:connected".equals(frame.getString("type")) && settled.compareAndSet(false, true)) {
                    latencies.record(System.nanoTime() - began);
                    connected.incrementAndGet();
                    client.close();
                    done.run();
                }
            }, () -> {
                if (settled.compareAndSet(false, true)) {
                    failed.incrementAndGet();
                    done.run();
                }
            });
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new HandshakeResult(total, concurrency, connected.get(), failed.get(), connected.get() / seconds,
                latencies.summary(), micros(serverCpuNanos.getAsLong() - cpuBefore, total));
    }

    /** {@code total} handshakes with tokens signed by the wrong key: every one must be refused. */
    public RejectResult reject(int total, int concurrency) throws InterruptedException {
        var rejected = new AtomicInteger();
        var blocked = new AtomicInteger();
        var accepted = new AtomicInteger();
        var otherwise = new AtomicInteger();
        long cpuBefore = serverCpuNanos.getAsLong();
        long start = System.nanoTime();
        runConcurrently(total, concurrency, (index, done) -> {
            var settled = new AtomicBoolean();
            openOrRefused(tokens.forged("rj-" + index), (client, frame) -> {
                String type = frame.getString("type");
                if ("hub:connected".equals(type) && settled.compareAndSet(false, true)) {
                    accepted.incrementAndGet();
                    client.close();
                    done.run();
                } else if ("hub:error".equals(type) && settled.compareAndSet(false, true)) {
                    boolean signature = SIGNATURE_FAILURE.equals(frame.getJsonObject("payload").getString("message"));
                    (signature ? rejected : otherwise).incrementAndGet();
                    done.run();
                }
            }, refusal -> {
                if (settled.compareAndSet(false, true)) {
                    (switch (refusal) {
                        case INVALID_TOKEN -> rejected;
                        case ADDRESS_BLOCKED -> blocked;
                        case OTHER -> otherwise;
                    }).incrementAndGet();
                    done.run();
                }
            });
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RejectResult(total, concurrency, rejected.get(), blocked.get(), accepted.get(), otherwise.get(),
                (rejected.get() + blocked.get()) / seconds, micros(serverCpuNanos.getAsLong() - cpuBefore, total));
    }

    /**
     * {@code subscribers} members of one room and a publisher sending {@code messages} at
     * {@code ratePerSecond} (0: as fast as the socket takes them); every delivery is timed from
     * the publisher's send to the subscriber's receipt.
     */
    public FanoutResult fanout(int subscribers, int ratePerSecond, int messages) throws InterruptedException {
        try (var room = fanoutRoom(List.of(rooms), rooms, subscribers)) {
            return room.publish(ratePerSecond, messages);
        }
    }

    /**
     * A room of {@code subscribers} spread over {@code subscriberNodes} and a publisher on
     * {@code publisherNode}, joined and ready for one or more publishing runs.
     */
    public FanoutRoom fanoutRoom(List<URI> subscriberNodes, URI publisherNode, int subscribers) throws InterruptedException {
        return FanoutRoom.open(this, subscriberSockets, subscriberNodes, publisherNode, subscribers, serverCpuNanos);
    }

    /**
     * A room's history at work (PROTOCOL §8): a client that drops, misses messages and joins again
     * with {@code since}; its publisher on {@code publisherNode}, the client on {@code recoveringNode}.
     */
    public Recovery recovery(URI publisherNode, URI recoveringNode) throws InterruptedException {
        return Recovery.open(http, tokens, publisherNode, recoveringNode);
    }

    /**
     * A connection that fills {@code count} rooms' histories with {@code messages} messages each,
     * whose {@code data} is {@code bytes} of JSON; open until closed, so that it weighs the same
     * before and after the fill.
     */
    public HistoryFill historyFill(int count, int messages, int bytes) throws InterruptedException {
        return HistoryFill.open(http, rooms, tokens.valid("history-fill"), count, messages, bytes);
    }

    String token(String userId) {
        return tokens.valid(userId);
    }

    /** {@code userId} connected to {@code node} and joined to {@code room}, on the JDK's client. */
    AsyncClient member(URI node, String userId, String room) throws InterruptedException {
        var joined = new CountDownLatch(1);
        var member = AsyncClient.connect(http, node, tokens.valid(userId), Map.of(), handler((client, frame) -> {
            String type = frame.getString("type");
            if ("hub:connected".equals(type)) {
                client.send(join(room));
            } else if ("room:joined".equals(type)) {
                joined.countDown();
            }
        }, () -> { })).join();
        if (!joined.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            member.abort();
            throw new IllegalStateException(userId + " did not join " + room);
        }
        return member;
    }

    /** Opens {@code total} authenticated connections and keeps them; the caller measures, then closes them. */
    public IdleResult idle(int total, int concurrency) throws InterruptedException {
        var clients = Collections.synchronizedList(new ArrayList<AsyncClient>());
        var presence = new AtomicLong();
        long start = System.nanoTime();
        runConcurrently(total, concurrency, (index, done) -> open(tokens.valid("idle-" + index),
                (client, frame) -> {
                    String type = frame.getString("type");
                    if ("hub:connected".equals(type)) {
                        clients.add(client);
                        done.run();
                    } else if ("room:presence".equals(type)) {
                        presence.incrementAndGet();
                    }
                }, done));
        return new IdleResult(total, clients.size(), (System.nanoTime() - start) / 1e9, presence.get(), clients);
    }

    /** What {@code future} completed with, within {@link #PATIENCE}; {@code what} names it when it did not. */
    static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(what + " did not complete", e);
        }
    }

    /** Starts {@code index}'s work when a slot of {@code concurrency} is free; the work calls done once, when it ends. */
    interface Step {
        void start(int index, Runnable done);
    }

    static void runConcurrently(int total, int concurrency, Step step) throws InterruptedException {
        var slots = new Semaphore(concurrency);
        var finished = new CountDownLatch(total);
        for (int i = 0; i < total; i++) {
            slots.acquire();
            var once = new AtomicBoolean();
            step.start(i, () -> {
                if (once.compareAndSet(false, true)) {
                    slots.release();
                    finished.countDown();
                }
            });
        }
        if (!finished.await(PATIENCE.toSeconds() + total / 100, TimeUnit.SECONDS)) {
            throw new IllegalStateException((finished.getCount()) + " of " + total + " never finished");
        }
    }

    /** What a workload does with frames; {@code ended} runs when the connection fails or closes. */
    interface Frames {
        void on(AsyncClient client, JsonObject frame);
    }

    private void open(String token, Frames frames, Runnable ended) {
        openOrRefused(token, frames, refusal -> ended.run());
    }

    /** The refusals before the upgrade the driver tells apart, by their status and header. */
    private enum UpgradeRefusal {
        /** HTTP 401 challenging the token. */
        INVALID_TOKEN,
        /** HTTP 429 with {@code Retry-After}: the client address's limits. */
        ADDRESS_BLOCKED,
        /** Opened, then closed; or failed or refused in any other way. */
        OTHER
    }

    /** What ended a connection: the refusal of its upgrade, {@code OTHER} when it opened, then closed or failed. */
    private interface Ended {
        void ended(UpgradeRefusal refusal);
    }

    private void openOrRefused(String token, Frames frames, Ended ended) {
        CompletableFuture<AsyncClient> opening = AsyncClient.connect(http, rooms, token, Map.of(),
                handler(frames, () -> ended.ended(UpgradeRefusal.OTHER)));
        opening.whenComplete((client, failure) -> {
            if (failure != null) {
                ended.ended(refusalOf(failure));
            }
        });
    }

    private static UpgradeRefusal refusalOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (!(cause instanceof WebSocketHandshakeException refused)) {
            return UpgradeRefusal.OTHER;
        }
        var response = refused.getResponse();
        var headers = response.headers();
        if (response.statusCode() == HTTP_UNAUTHORIZED && headers.allValues("WWW-Authenticate").contains(INVALID_TOKEN_CHALLENGE)) {
            return UpgradeRefusal.INVALID_TOKEN;
        }
        if (response.statusCode() == HTTP_TOO_MANY_REQUESTS && headers.firstValue("Retry-After").isPresent()) {
            return UpgradeRefusal.ADDRESS_BLOCKED;
        }
        return UpgradeRefusal.OTHER;
    }

    private static AsyncClient.Handler handler(Frames frames, Runnable ended) {
        return new AsyncClient.Handler() {
            @Override
            public void frame(AsyncClient client, JsonObject frame) {
                frames.on(client, frame);
            }

            @Override
            public void closed(AsyncClient client, int code, String reason) {
                ended.run();
            }
        };
    }

    static String join(String room) {
        return JSON.createObjectBuilder().add("type", "room:join")
                .add("payload", JSON.createObjectBuilder().add("room", room)).build().toString();
    }

    /** {@code room:join} with PROTOCOL §8's {@code since}: what a client rejoining after a drop sends. */
    static String join(String room, String epoch, long offset) {
        return JSON.createObjectBuilder().add("type", "room:join")
                .add("payload", JSON.createObjectBuilder().add("room", room)
                        .add("since", JSON.createObjectBuilder().add("epoch", epoch).add("offset", offset))).build().toString();
    }

    static String leave(String room) {
        return JSON.createObjectBuilder().add("type", "room:leave")
                .add("payload", JSON.createObjectBuilder().add("room", room)).build().toString();
    }

    /** A {@code room:send} whose {@code data} is {@code {"seq":…,"fill":"x…"}}, {@code fill} as long as given; echoed when asked. */
    static String send(String room, int seq, String fill, boolean echo) {
        return JSON.createObjectBuilder().add("type", "room:send")
                .add("payload", JSON.createObjectBuilder().add("room", room).add("echo", echo)
                        .add("data", JSON.createObjectBuilder().add("seq", seq).add("fill", fill)))
                .build().toString();
    }

    static String message(String room, int run, int seq) {
        return JSON.createObjectBuilder().add("type", "room:send")
                .add("payload", JSON.createObjectBuilder().add("room", room)
                        .add("data", JSON.createObjectBuilder().add("t", System.nanoTime()).add("run", run).add("seq", seq)))
                .build().toString();
    }

    @Override
    public void close() {
        subscriberSockets.close();
    }

    private static double micros(long nanos, long operations) {
        return nanos / 1e3 / operations;
    }
}
