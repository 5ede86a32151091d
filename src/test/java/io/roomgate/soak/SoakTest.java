package io.roomgate.soak;

import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.rs256;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.auth.InMemoryRevocationStore;
import io.roomgate.limits.AddressLimiter;
import io.roomgate.load.AsyncClient;
import io.roomgate.rooms.RoomRegistry;
import io.roomgate.testing.HttpApi;
import io.roomgate.testing.InProcessServer;
import io.roomgate.testing.Requests;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 4's soak ({@code mvn test -Psoak}; {@code -Dsoak.connections}, {@code -Dsoak.minutes}):
 * thousands of connections join, send, refresh, expire and get revoked for minutes, reconnecting
 * each time with a new token from one of thousands of client addresses. Afterwards every
 * connection and room is gone from the registry, the address limiter is within its bound, the
 * revocation store holds only revocations that can still matter, and the heap is back near its
 * baseline. Figures go to {@code target/soak/soak-report.md}.
 */
@Tag("soak")
@Timeout(value = 3, unit = TimeUnit.HOURS)
class SoakTest {

    private static final int CONNECTIONS = Integer.getInteger("soak.connections", 2000);
    private static final Duration DURATION = Duration.ofMinutes(Long.getLong("soak.minutes", 10));
    private static final int ROOMS = 200;
    private static final int TRACKED_ADDRESSES = 500;
    private static final Duration RETENTION = Duration.ofMinutes(2);
    private static final Set<String> ENDINGS = Set.of("Token expired", "Token revoked");
    private static final Set<String> EXPECTED_ERRORS = Set.of("JWT expired", "JWT revoked");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService driver = Executors.newScheduledThreadPool(2);
    private final Map<Integer, Slot> slots = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> surprises = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Instant> revokedAt = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private URI rooms;

    /** One simulated user: its connection comes and goes, the slot stays. */
    private final class Slot {
        final int index;
        final boolean refreshes;
        volatile AsyncClient client;
        volatile boolean joined;
        volatile String jti;
        volatile String pendingJti;

        Slot(int index) {
            this.index = index;
            this.refreshes = index % 3 != 0;
        }

        String userId() {
            return "soak-" + index;
        }

        String room() {
            return "soak-room-" + index % ROOMS;
        }
    }

    @Test
    void thousands_of_connections_churning_for_minutes_leave_nothing_behind() throws Exception {
        var config = SuiteConfig.standard();
        config.put("roomgate.auth.expiry-warning", "PT5S");
        config.put("roomgate.auth.revocation-retention", "PT" + RETENTION.toSeconds() + "S");
        config.put("roomgate.net.trusted-proxies", "127.0.0.1");
        config.put("roomgate.limits.tracked-addresses", String.valueOf(TRACKED_ADDRESSES));
        config.put("roomgate.limits.connections-per-user", "4");
        // 2,000 connections in the default room would make this a test of presence fan-out
        config.put("roomgate.rooms.default", "");
        try (var server = InProcessServer.start(config)) {
            rooms = server.rooms();
            Target.use(rooms, false);
            var registry = server.bean(RoomRegistry.class);
            var limiter = server.bean(AddressLimiter.class);
            var store = server.bean(InMemoryRevocationStore.class);
            long heapBefore = settledHeap();
            Instant start = Instant.now();

            for (int i = 0; i < CONNECTIONS; i++) {
                var slot = new Slot(i);
                slots.put(i, slot);
                connect(slot);
            }
            driver.scheduleAtFixedRate(this::sendOne, 1, 50, TimeUnit.MILLISECONDS);
            driver.scheduleAtFixedRate(this::revokeOne, 10, 10, TimeUnit.SECONDS);
            long peakConnections = 0;
            long peakHeap = 0;
            while (Duration.between(start, Instant.now()).compareTo(DURATION) < 0) {
                Thread.sleep(5_000);
                peakConnections = Math.max(peakConnections, registry.connectionCount());
                peakHeap = Math.max(peakHeap, usedHeap());
                System.out.printf("soak %s: %d connected, counts %s%n",
                        Duration.between(start, Instant.now()).withNanos(0), registry.connectionCount(), counts);
            }

            stopping = true;
            driver.shutdownNow();
            slots.values().forEach(slot -> {
                if (slot.client != null) {
                    slot.client.close();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((registry.connectionCount() > 0 || registry.roomCount() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            int leftConnections = registry.connectionCount();
            int leftRooms = registry.roomCount();
            long trackedAddresses = limiter.trackedAddresses();
            long revocationsHeld = store.size();
            Instant end = Instant.now();
            long stillRelevant = revokedAt.stream()
                    .filter(at -> at.isAfter(end.minus(RETENTION).minusSeconds(SuiteConfig.AUTH_TIMEOUT_SECONDS + 10)))
                    .count();
            slots.clear();
            long heapAfter = settledHeap();

            report(start, end, peakConnections, leftConnections, leftRooms, trackedAddresses, revocationsHeld,
                    stillRelevant, heapBefore, peakHeap, heapAfter);

            assertThat(surprises).as("unexpected errors and closes").isEmpty();
            assertThat(count("expired")).as("connections ended by expiry").isPositive();
            assertThat(count("refreshed")).as("tokens refreshed").isPositive();
            assertThat(count("revoked")).as("connections cut by revocation").isPositive();
            assertThat(leftConnections).as("connections left in the registry").isZero();
            assertThat(leftRooms).as("rooms left in the registry").isZero();
            assertThat(trackedAddresses).as("addresses tracked by the limiter").isLessThanOrEqualTo(TRACKED_ADDRESSES);
            assertThat(revocationsHeld).as("revocations held").isLessThanOrEqualTo(stillRelevant);
            assertThat(heapAfter - heapBefore).as("heap growth over the run, bytes").isLessThan(64L << 20);
        }
    }

    private void connect(Slot slot) {
        if (stopping) {
            return;
        }
        var random = ThreadLocalRandom.current();
        String jti = UUID.randomUUID().toString();
        String address = "10.9." + random.nextInt(20) + "." + random.nextInt(1, 251);
        AsyncClient.connect(http, rooms, token(slot, jti), Map.of("X-Forwarded-For", address), handler(slot)).whenComplete((client, failure) -> {
            if (failure != null) {
                surprise("connect of " + slot.userId() + " failed: " + failure);
                driver.schedule(() -> connect(slot), 1, TimeUnit.SECONDS);
            } else {
                slot.client = client;
                slot.jti = jti;
                increment("connects");
            }
        });
    }

    private AsyncClient.Handler handler(Slot slot) {
        return new AsyncClient.Handler() {
            @Override
            public void frame(AsyncClient client, JsonObject frame) {
                String type = frame.getString("type");
                switch (type) {
                    case "hub:connected" -> client.send(Requests.join(slot.room(), "join"));
                    case "room:joined" -> {
                        slot.joined = true;
                        increment("joined");
                    }
                    case "room:message" -> increment("delivered");
                    case "token:expiring" -> {
                        if (slot.refreshes) {
                            slot.pendingJti = UUID.randomUUID().toString();
                            client.send(Requests.refresh(token(slot, slot.pendingJti), "refresh"));
                        }
                    }
                    case "token:refreshed" -> {
                        slot.jti = slot.pendingJti;
                        increment("refreshed");
                    }
                    case "hub:error" -> {
                        String message = frame.getJsonObject("payload").getString("message");
                        if (!EXPECTED_ERRORS.contains(message)) {
                            surprise(slot.userId() + " got hub:error " + message);
                        }
                    }
                    default -> increment(type);
                }
            }

            @Override
            public void closed(AsyncClient client, int code, String reason) {
                if (stopping) {
                    return;
                }
                if (code == 1008 && ENDINGS.contains(reason)) {
                    increment(reason.equals("Token expired") ? "expired" : "revoked");
                } else {
                    surprise(slot.userId() + " closed " + code + " " + reason);
                }
                slot.client = null;
                slot.joined = false;
                driver.schedule(() -> connect(slot), ThreadLocalRandom.current().nextInt(2000), TimeUnit.MILLISECONDS);
            }
        };
    }

    /** Tokens of 20 to 90 s, so each slot expires or refreshes several times a run. */
    private static String token(Slot slot, String jti) {
        long now = Instant.now().getEpochSecond();
        return rs256(claims(slot.userId()).preferredUserName(slot.userId()).groups(Set.of())
                .claim("jti", jti).issuedAt(now).expiresAt(now + ThreadLocalRandom.current().nextInt(20, 91)));
    }

    private void sendOne() {
        var slot = slots.get(ThreadLocalRandom.current().nextInt(CONNECTIONS));
        var client = slot == null || !slot.joined ? null : slot.client;
        if (client != null) {
            client.send(Requests.send(slot.room(), Requests.text("hello from " + slot.userId())));
            increment("sent");
        }
    }

    private void revokeOne() {
        var slot = slots.get(ThreadLocalRandom.current().nextInt(CONNECTIONS));
        if (slot == null || slot.client == null || slot.jti == null) {
            return;
        }
        revokedAt.add(Instant.now());
        var response = HttpApi.post("revocations", user("soak-admin", "admin"), "{\"jti\":\"" + slot.jti + "\"}");
        if (response.statusCode() != 204) {
            surprise("revocation answered " + response.statusCode());
        }
    }

    private void increment(String name) {
        counts.computeIfAbsent(name, key -> new AtomicLong()).incrementAndGet();
    }

    private long count(String name) {
        var value = counts.get(name);
        return value == null ? 0 : value.get();
    }

    private void surprise(String what) {
        if (!stopping) {
            surprises.add(what);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap in use once collections stop freeing anything. */
    private static long settledHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(500);
            used = Math.min(used, usedHeap());
        }
        return used;
    }

    private void report(Instant start, Instant end, long peakConnections, int leftConnections, int leftRooms,
                        long trackedAddresses, long revocationsHeld, long stillRelevant,
                        long heapBefore, long peakHeap, long heapAfter) throws IOException {
        var text = new StringBuilder()
                .append("# Soak report\n\n")
                .append("| Figure | Value |\n| --- | --- |\n")
                .append(row("Run", Duration.between(start, end).withNanos(0) + ", " + CONNECTIONS + " simulated users, "
                        + ROOMS + " rooms, tokens of 20–90 s, a message every 50 ms, a revocation every 10 s"))
                .append(row("Peak connections registered", peakConnections))
                .append(row("Connects", count("connects")))
                .append(row("Tokens refreshed in place", count("refreshed")))
                .append(row("Connections ended by expiry (1008 Token expired)", count("expired")))
                .append(row("Connections cut by revocation (1008 Token revoked)", count("revoked")))
                .append(row("Messages sent / delivered", count("sent") + " / " + count("delivered")))
                .append(row("Unexpected errors or closes", surprises.size()))
                .append(row("Connections / rooms left in the registry after closing", leftConnections + " / " + leftRooms))
                .append(row("Addresses tracked by the limiter (bound " + TRACKED_ADDRESSES + ", 5,000 used)", trackedAddresses))
                .append(row("Revocations held at the end (made within the retention: " + stillRelevant + ")", revocationsHeld))
                .append(row("Heap before / peak / after (MiB)", mib(heapBefore) + " / " + mib(peakHeap) + " / " + mib(heapAfter)));
        surprises.stream().limit(20).forEach(line -> text.append("\n- ").append(line));
        Path file = Path.of("target", "soak", "soak-report.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text.append('\n').toString());
        System.out.println(text);
    }

    private static String row(String name, Object value) {
        return "| " + name + " | " + value + " |\n";
    }

    private static String mib(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }
}
