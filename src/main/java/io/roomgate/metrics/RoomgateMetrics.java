package io.roomgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roomgate.auth.AuthFailure;
import io.roomgate.auth.AuthStage;
import io.roomgate.protocol.Close;
import io.roomgate.rooms.RoomRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every Roomgate metric, in a Prometheus registry of this deployment's own (served by
 * {@code GET /api/metrics}). Call sites hold no meters: each event is one method here, and every
 * meter an event can touch is registered up front, so counting costs an adder's increment and no
 * registry lookup, tag building or allocation. No meter carries a user, room or tenant.
 */
@ApplicationScoped
public class RoomgateMetrics {

    /** What {@link #scrape()} writes: the Prometheus text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String CLIENT_CLOSE = "client";

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;
    private final AtomicInteger open = new AtomicInteger();
    private Counter opened;
    /** Closes this side sent, by which; {@link #closedByClient}: the client (or its network) closed. */
    private final Map<Close, Counter> closed = new EnumMap<>(Close.class);
    private Counter closedByClient;
    private final Map<HandshakeResult, Counter> handshakes = new EnumMap<>(HandshakeResult.class);
    private final Map<AuthStage, Map<AuthFailure, Counter>> authFailures = new EnumMap<>(AuthStage.class);
    private Counter messagesIn;
    private Counter messagesOut;
    private Counter bytesIn;
    private Counter bytesOut;
    private Counter framesDropped;
    private Counter kicks;
    private Counter disconnects;
    private Counter revocations;
    private Timer deliveryLatency;

    protected RoomgateMetrics() {
        // for the CDI proxy
    }

    @Inject
    public RoomgateMetrics(RoomRegistry rooms) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);

        Gauge.builder("roomgate.connections", open, AtomicInteger::get)
                .description("Open WebSocket connections, authenticated or not").register(registry);
        Gauge.builder("roomgate.rooms", rooms, RoomRegistry::roomCount).strongReference(true)
                .description("Rooms with at least one member on this node").register(registry);
        Gauge.builder("roomgate.room.members", rooms, RoomRegistry::memberCount).strongReference(true)
                .description("Room memberships of connections on this node").register(registry);
        opened = Counter.builder("roomgate.connections.opened").description("WebSocket connections opened").register(registry);
        for (Close close : Close.values()) {
            closed.put(close, closedCounter(label(close)));
        }
        closedByClient = closedCounter(CLIENT_CLOSE);
        for (HandshakeResult result : HandshakeResult.values()) {
            handshakes.put(result, Counter.builder("roomgate.handshakes").tag("outcome", result.label())
                    .description("WebSocket upgrades by outcome").register(registry));
        }
        for (AuthStage stage : AuthStage.values()) {
            var byFailure = new EnumMap<AuthFailure, Counter>(AuthFailure.class);
            for (AuthFailure failure : AuthFailure.values()) {
                byFailure.put(failure, Counter.builder("roomgate.auth.failures")
                        .tag("code", failure.logCode()).tag("stage", stage.wire())
                        .description("Refused credentials by reason and where they were refused").register(registry));
            }
            authFailures.put(stage, byFailure);
        }
        messagesIn = messages("in");
        messagesOut = messages("out");
        bytesIn = messageBytes("in");
        bytesOut = messageBytes("out");
        framesDropped = Counter.builder("roomgate.frames.dropped")
                .description("Client frames dropped unprocessed by the frame rate limit").register(registry);
        kicks = moderation("kick");
        disconnects = moderation("disconnect");
        revocations = Counter.builder("roomgate.revocations").description("Revocations accepted by the HTTP API").register(registry);
        deliveryLatency = Timer.builder("roomgate.delivery.latency")
                .description("From a room:send taken by the router to its frame queued for every member on this node")
                .serviceLevelObjectives(Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
                        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
                        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2))
                .register(registry);
    }

    private Counter closedCounter(String label) {
        return Counter.builder("roomgate.connections.closed").tag("reason", label)
                .description("WebSocket connections closed, by who or what closed them").register(registry);
    }

    /** The {@code reason} label of a close this side sent; a new close does not compile without one. */
    private static String label(Close close) {
        return switch (close) {
            case UNAUTHORIZED -> "unauthorized";
            case AUTHENTICATION_TIMEOUT -> "auth_timeout";
            case UNSUPPORTED_VERSION -> "unsupported_version";
            case MESSAGE_TOO_BIG -> "too_big";
            case RATE_LIMITED -> "rate_limited";
            case SLOW_CONSUMER -> "slow_consumer";
            case KICKED -> "kicked";
            case TOKEN_EXPIRED -> "expired";
            case TOKEN_REVOKED -> "revoked";
            case SHUTTING_DOWN -> "shutdown";
        };
    }

    private Counter messages(String direction) {
        return Counter.builder("roomgate.messages").tag("direction", direction)
                .description("WebSocket text frames received (in) and handed to the container to send (out)").register(registry);
    }

    private Counter messageBytes(String direction) {
        return Counter.builder("roomgate.message.bytes").tag("direction", direction)
                .description("Characters of those frames: their bytes, for the ASCII JSON clients mostly send").register(registry);
    }

    public void connectionOpened() {
        open.incrementAndGet();
        opened.increment();
    }

    /** @param serverClose the close this side sent, or null when the client (or its network) closed */
    public void connectionClosed(Close serverClose) {
        open.decrementAndGet();
        (serverClose == null ? closedByClient : closed.get(serverClose)).increment();
    }

    public void handshake(HandshakeResult result) {
        handshakes.get(result).increment();
    }

    public void authenticationFailed(AuthStage stage, AuthFailure failure) {
        authFailures.get(stage).get(failure).increment();
    }

    public void received(int characters) {
        messagesIn.increment();
        bytesIn.increment(characters);
    }

    public void sent(int characters) {
        messagesOut.increment();
        bytesOut.increment(characters);
    }

    public void frameDropped() {
        framesDropped.increment();
    }

    /** @param receivedNanos {@link System#nanoTime()} when the router took the {@code room:send} */
    public void broadcastQueued(long receivedNanos) {
        deliveryLatency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }

    public void kicked() {
        kicks.increment();
    }

    /** {@code POST /api/users/{userId}/disconnect}: the kick flow for every connection of a user. */
    public void disconnected() {
        disconnects.increment();
    }

    private Counter moderation(String action) {
        return Counter.builder("roomgate.moderation.actions").tag("action", action)
                .description("Moderation actions carried out").register(registry);
    }

    public void revoked() {
        revocations.increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    /** The GC binder listens to the JVM's notifications: left registered, it would keep this deployment alive. */
    @PreDestroy
    void close() {
        gc.close();
        registry.close();
    }
}
