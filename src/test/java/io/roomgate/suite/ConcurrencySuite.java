package io.roomgate.suite;

import static io.roomgate.testing.Requests.join;
import static io.roomgate.testing.Requests.leave;
import static io.roomgate.testing.Requests.presence;
import static io.roomgate.testing.Requests.send;
import static io.roomgate.testing.Requests.text;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import io.roomgate.testing.ServerLog;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Many connections joining, sending, leaving and closing at once must leave no trace: checked as
 * a user would, through presence snapshots and the per-user connection limit.
 */
@DisplayName("Concurrency")
public abstract class ConcurrencySuite {

    private static final int USERS = 50;
    private static final int CLIENTS = USERS * SuiteConfig.CONNECTIONS_PER_USER;
    private static final List<String> ROOMS = List.of("c-0", "c-1", "c-2", "c-3", "c-4");
    /** Enough that the Payara failure (see the flood test) shows in all but about one run in a hundred. */
    private static final int REFUSALS = 1500;

    @Test
    void two_hundred_clients_churning_at_once_leave_every_room_and_user_entry_gone() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            var churn = new ArrayList<CompletableFuture<Void>>();
            for (int i = 0; i < CLIENTS; i++) {
                String userId = "churn-" + (i % USERS);
                boolean abrupt = i % 3 == 0;
                churn.add(CompletableFuture.runAsync(() -> churnOnce(userId, abrupt), pool));
            }
            CompletableFuture.allOf(churn.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdownNow();
        }

        try (var observer = WsClient.connected(Target.rooms(), user("churn-observer"))) {
            for (String room : ROOMS) {
                observer.send(join(room, room));
                observer.nextMatching(f -> f.type().equals("room:joined") && room.equals(f.id()));
                assertThat(membersOnceSettled(observer, room)).as("members left in %s", room).containsExactly("churn-observer");
            }
        }
        // A leaked connection entry would count against the user's connection limit.
        var everyone = new ArrayList<WsClient>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                everyone.add(WsClient.connectedOnceSettled(Target.rooms(), user("churn-" + (i % USERS)), "Too many requests"));
            }
        } finally {
            everyone.forEach(WsClient::close);
        }
    }

    /**
     * Every refusal is a close by the server, which the client answers at once. On Payara, before
     * closes waited for a pong (deployment.md), that answer being read while the server ended the
     * connection broke about one later upgrade in 300, and Payara logged a NullPointerException or an
     * IllegalStateException for each.
     */
    @Test
    void a_flood_of_refused_connections_leaves_the_server_log_clean_and_the_next_client_served() throws Exception {
        long mark = ServerLog.mark();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            var refusals = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < REFUSALS; i++) {
                refusals.add(CompletableFuture.supplyAsync(ConcurrencySuite::refusedOnce, pool));
            }
            CompletableFuture.allOf(refusals.toArray(CompletableFuture[]::new)).get();
            assertThat(refusals.stream().map(CompletableFuture::join)).containsOnly("hub:error unauthorized, close 1008 Unauthorized");
        } finally {
            pool.shutdownNow();
        }
        try (var next = WsClient.connected(Target.rooms(), user("after-the-flood"))) {
            assertThat(ServerLog.since(mark)).doesNotContain("NullPointerException", "IllegalStateException");
        }
    }

    /** What the client saw, or how the handshake failed. */
    private static String refusedOnce() {
        try (var client = WsClient.to(Target.rooms()).bearer("not.a-valid.token").open()) {
            var error = client.expect("hub:error");
            var closure = client.awaitClose();
            return error.type() + " " + error.errorCode() + ", close " + closure.code() + " " + closure.reason();
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    @Test
    void a_client_that_stops_reading_does_not_delay_the_others() {
        // 400 x 16 KiB is far more than the stalled socket's buffers and its 1 MiB queue can absorb. It
        // comes from eight publishers, each within its own 1 MiB byte burst (PROTOCOL §5).
        int messages = 400;
        int publishers = 8;
        String chunk = "y".repeat(16 * 1024);
        var senders = new ArrayList<WsClient>();
        try (var reader = WsClient.connected(Target.rooms(), user("reader"));
             var stalled = WsClient.to(Target.rooms()).bearer(user("stalled")).stalled().open()) {
            for (int p = 0; p < publishers; p++) {
                senders.add(WsClient.connected(Target.rooms(), user("pub-" + p)));
            }
            stalled.send(join("c-slow", null));
            reader.joined("c-slow");
            senders.forEach(sender -> sender.joined("c-slow"));
            // In lock-step with the reader: a delivery path blocked by the stalled socket stops the reader.
            for (int i = 0; i < messages; i++) {
                senders.get(i % publishers).send(send("c-slow", Json.createObjectBuilder().add("n", i).add("pad", chunk).build()));
                var message = reader.nextOfType("room:message");
                assertThat(message.payload().getJsonObject("data").getInt("n")).isEqualTo(i);
            }
        } finally {
            senders.forEach(WsClient::close);
        }
    }

    /**
     * A closed connection leaves its rooms just after its close handshake, not within it: the last
     * churned clients may still be listed for a moment, so ask again until only the observer is left
     * (or the wait is over, and the timeout message shows who stayed).
     */
    private static List<String> membersOnceSettled(WsClient observer, String room) {
        var asked = new AtomicInteger();
        return await().atMost(WsClient.WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            String id = room + "-" + asked.getAndIncrement();
            observer.send(presence(room, id));
            return RoomsSuite.userIds(RoomsSuite.snapshotReply(observer, id).payload());
        }, hasSize(1));
    }

    private static void churnOnce(String userId, boolean abrupt) {
        var random = ThreadLocalRandom.current();
        var client = WsClient.connected(Target.rooms(), user(userId));
        var joined = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            String room = ROOMS.get(random.nextInt(ROOMS.size()));
            client.send(join(room, null));
            joined.add(room);
        }
        for (String room : joined) {
            client.send(send(room, text("hi from " + userId)));
        }
        client.send(leave(joined.get(0), null));
        if (abrupt) {
            client.close();
        } else {
            client.send("{\"type\":\"ping\",\"id\":\"bye\"}");
            client.nextMatching(f -> "bye".equals(f.id()));
            client.close();
        }
    }
}
