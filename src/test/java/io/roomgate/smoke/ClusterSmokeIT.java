package io.roomgate.smoke;

import static io.roomgate.testing.Requests.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.DemoRun;
import io.roomgate.testing.Frame;
import io.roomgate.testing.RedisServer;
import io.roomgate.testing.RunCommand;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes of different servers in one cluster, started as the README's "Run a cluster" tells a user:
 * one Redis, the WildFly and Open Liberty run commands with {@code -Dhttp.port} and
 * {@code ROOMGATE_CLUSTER_REDIS_URL}, demo mode on both (the demo key pair is shared through Redis, so
 * either node's tokens work on the other). Booted once for the class: each boot costs a minute of CI.
 * Runs after the single-node smoke test (its own failsafe execution), on ports off every other test's.
 */
class ClusterSmokeIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final int WILDFLY_PORT = 8600;
    private static final int LIBERTY_PORT = 8610;
    private static final int MESSAGES = 100;

    private static RedisServer redis;
    private static DemoRun wildfly;
    private static DemoRun liberty;

    @BeforeAll
    @Timeout(value = 12, unit = TimeUnit.MINUTES) // two builds and boots, side by side, each bounded by DemoRun
    static void start_redis_and_two_nodes() throws Exception {
        redis = new RedisServer().start();
        var environment = Map.of(
                "ROOMGATE_CLUSTER_REDIS_URL", redis.url(),
                // the ordering scenario sends its 100 messages at once: over the default burst of 100 frames
                "ROOMGATE_LIMITS_FRAME_BURST", "1000");
        wildfly = node("WildFly", WILDFLY_PORT, environment);
        liberty = node("Open Liberty", LIBERTY_PORT, environment);
        // side by side: each copy builds and boots on its own, and the wait is the slower one's
        var libertyStarted = CompletableFuture.runAsync(() -> start(liberty));
        start(wildfly);
        libertyStarted.join();
    }

    @AfterAll
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    static void stop_everything() throws Exception {
        try {
            stop(wildfly);
        } finally {
            try {
                stop(liberty);
            } finally {
                if (redis != null) {
                    redis.close();
                }
            }
        }
    }

    @Test
    void each_node_serves_tokens_and_websockets_on_the_port_its_command_was_given() throws Exception {
        for (var node : new DemoRun[] {wildfly, liberty}) {
            node.requireRunning();
            try (var client = WsClient.to(node.rooms()).bearer(token(node, "cluster-port")).open()) {
                assertThat(client.expect("hub:connected").payload().getString("userId"))
                        .as("%s on %s", node.command().server(), node.base()).isEqualTo("cluster-port");
            }
        }
    }

    @Test
    void a_token_one_node_handed_out_is_accepted_by_the_other() throws Exception {
        try (var onLiberty = WsClient.to(liberty.rooms()).bearer(token(wildfly, "cluster-shared-key")).open()) {
            Frame first = onLiberty.next();
            assertThat(first.type()).as("WildFly's demo token on Open Liberty: %s", first).isEqualTo("hub:connected");
        }
        try (var onWildFly = WsClient.to(wildfly.rooms()).bearer(token(liberty, "cluster-shared-key")).open()) {
            Frame first = onWildFly.next();
            assertThat(first.type()).as("Open Liberty's demo token on WildFly: %s", first).isEqualTo("hub:connected");
        }
    }

    @Test
    void messages_sent_on_one_node_reach_a_member_on_the_other_in_order() throws Exception {
        String room = "cluster-order";
        try (var sender = WsClient.connected(wildfly.rooms(), token(wildfly, "cluster-sender"));
             var receiver = WsClient.connected(liberty.rooms(), token(liberty, "cluster-receiver"))) {
            receiver.joined(room);
            sender.joined(room);
            for (int n = 0; n < MESSAGES; n++) {
                sender.send(send(room, Json.createObjectBuilder().add("n", n).build()));
            }
            var received = new ArrayList<Integer>();
            long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
            while (received.size() < MESSAGES && System.nanoTime() < deadline) {
                receiver.poll(Duration.ofMillis(200))
                        .filter(f -> f.type().equals("room:message") && room.equals(f.payload().getString("room")))
                        .filter(f -> f.payload().getJsonObject("from").getString("userId").equals("cluster-sender"))
                        .ifPresent(f -> received.add(f.payload().getJsonObject("data").getInt("n")));
            }
            assertThat(received).as("what reached the member on Open Liberty, in order")
                    .containsExactlyElementsOf(IntStream.range(0, MESSAGES).boxed().toList());
        }
    }

    @Test
    void a_join_on_one_node_is_a_presence_event_on_the_other() throws Exception {
        String room = "cluster-presence";
        try (var watcher = WsClient.connected(wildfly.rooms(), token(wildfly, "cluster-watcher"))) {
            watcher.joined(room);
            try (var newcomer = WsClient.connected(liberty.rooms(), token(liberty, "cluster-newcomer"))) {
                newcomer.joined(room);
                var joined = watcher.nextMatching(f -> f.type().equals("room:presence") && f.id() == null
                        && room.equals(f.payload().getString("room")) && f.payload().containsKey("joined"));
                assertThat(joined.payload().getJsonObject("joined").getString("userId")).isEqualTo("cluster-newcomer");
            }
        }
    }

    private static DemoRun node(String server, int port, Map<String, String> environment) throws IOException {
        var command = RunCommand.fromReadme(PROJECT.resolve("README.md")).stream()
                .filter(c -> c.server().equals(server))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + server + " row in the README's run table"));
        return new DemoRun(command.onPort(port), port, PROJECT, PROJECT.resolve("target/cluster/" + command.slug()), environment);
    }

    private static void start(DemoRun node) {
        try {
            node.start("cluster-boot");
        } catch (Exception e) {
            throw new AssertionError(node.command().server() + " did not start: " + e.getMessage(), e);
        }
    }

    private static void stop(DemoRun node) throws Exception {
        if (node != null && node.started()) {
            node.stop();
        }
    }

    private static String token(DemoRun node, String user) throws InterruptedException {
        return node.tokens().fetch(user).orElseThrow(() -> new AssertionError("no demo token from " + node.base())).token();
    }
}
