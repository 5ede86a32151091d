package io.roomgate.inprocess;

import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.HttpApi;
import io.roomgate.testing.InProcessServer;
import io.roomgate.testing.InProcessTarget;
import io.roomgate.testing.OpenClients;
import io.roomgate.testing.RedisServer;
import io.roomgate.testing.Requests;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One clustered node (PROTOCOL §9) on a real Redis of its own, seen through its socket and HTTP API:
 * a closed connection no longer counts against its user's limit once the client has the close (the
 * answer to its own, or the server's); while Redis dies and returns, readiness follows the
 * backplane, local rooms keep working, cross-node effects answer {@code unavailable}; and on stop no
 * Redis thread outlives the application.
 */
@DisplayName("§9 A clustered node: closes and the limit, a Redis outage")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNodeTest {

    @RegisterExtension
    static final BeforeAllCallback NO_OTHER_SERVER = InProcessTarget::stopRunning;

    @RegisterExtension
    final OpenClients clients = new OpenClients();

    private static RedisServer redis;
    private static InProcessServer server;

    @BeforeAll
    static void start() {
        redis = new RedisServer().start();
        var config = SuiteConfig.standard();
        config.put("roomgate.cluster.redis.url", redis.url());
        config.put("roomgate.cluster.node-id", "solo");
        config.put("roomgate.cluster.heartbeat", "PT0.2S");
        config.put("roomgate.cluster.node-timeout", "PT1S");
        server = InProcessServer.start(config);
        Target.use(server.rooms(), false);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        redis.close();
    }

    @Test
    @Order(1)
    void a_user_at_the_limit_who_closes_a_connection_is_admitted_again_as_soon_as_the_close_is_answered() {
        var open = atTheLimit("cn-lim");
        // opened beforehand and authenticated by its first frame: nothing but that frame between close and claim
        var next = clients.add(WsClient.to(Target.rooms()).open());
        String connect = connectFrame("cn-lim");

        open.get(0).closeGracefully();
        next.send(connect);

        next.expect("hub:connected");
    }

    @Test
    @Order(2)
    void a_user_the_server_disconnects_at_the_limit_is_admitted_again_as_soon_as_the_closes_arrive() {
        var open = atTheLimit("cn-off");
        var next = new ArrayList<WsClient>();
        var connects = new ArrayList<String>();
        for (int i = 0; i < open.size(); i++) {
            next.add(clients.add(WsClient.to(Target.rooms()).open()));
            connects.add(connectFrame("cn-off"));
        }

        String admin = user("cn-admin", "admin");
        // the clients act on their closes, not on the administrator's answer
        var disconnect = CompletableFuture.supplyAsync(() -> HttpApi.post("users/cn-off/disconnect", admin, ""));
        open.forEach(client -> assertThat(client.awaitClose().code()).isEqualTo(1008));
        for (int i = 0; i < next.size(); i++) {
            next.get(i).send(connects.get(i));
        }

        next.forEach(client -> client.expect("hub:connected"));
        assertThat(disconnect.join().statusCode()).isEqualTo(204);
    }

    /**
     * The user's connections up to the limit, each in as many rooms as it may be in (the default room
     * too): a close leaves them one backplane call each, after the connection's count is released.
     */
    private List<WsClient> atTheLimit(String userId) {
        await(status -> status == 200);
        var open = new ArrayList<WsClient>();
        for (int i = 0; i < SuiteConfig.CONNECTIONS_PER_USER; i++) {
            var client = clients.add(WsClient.connected(Target.rooms(), user(userId)));
            open.add(client);
            for (int room = 1; room < SuiteConfig.ROOMS_PER_CONNECTION; room++) {
                client.joined(userId + "-" + room);
            }
        }
        return open;
    }

    /** A fresh token's {@code hub:connect}, minted ahead so that nothing but sending it is left for later. */
    private static String connectFrame(String userId) {
        return Requests.frame("hub:connect", null, Json.createObjectBuilder().add("version", "1.0").add("jwt", user(userId)).build());
    }

    @Test
    @Order(3)
    void without_redis_the_node_serves_its_own_rooms_refuses_cluster_effects_and_reports_not_ready_until_it_returns() {
        try (var mod = WsClient.connected(Target.rooms(), user("cn-mod", "moderator"));
             var ann = WsClient.connected(Target.rooms(), user("cn-ann"))) {
            mod.joined("cn-room");
            ann.joined("cn-room");
            await(status -> status == 200);
            assertThat(HttpApi.get("health/ready", null).body()).contains("{\"name\":\"backplane\",\"status\":\"UP\"}");

            redis.kill();
            await(status -> status == 503);
            mod.send(Requests.send("cn-room", Json.createValue("still here")));
            mod.send(Requests.kick("cn-room", "cn-ann", null, null, "k1"));
            String admin = user("cn-admin", "admin");
            HttpResponse<String> publish = HttpApi.post("rooms/cn-room/messages", admin, "{\"data\":1}");
            HttpResponse<String> revoke = HttpApi.post("revocations", admin, "{\"jti\":\"cn-jti\"}");
            HttpResponse<String> presence = HttpApi.get("rooms/cn-room/presence", admin);

            assertThat(HttpApi.get("health/ready", null).body()).contains("{\"name\":\"backplane\",\"status\":\"DOWN\"}");
            assertThat(ann.nextOfType("room:message").payload().getString("data")).isEqualTo("still here");
            var refused = mod.nextOfType("hub:error");
            assertThat(refused.id()).isEqualTo("k1");
            assertThat(refused.errorCode()).isEqualTo("unavailable");
            assertThat(refused.errorMessage()).isEqualTo("Cluster unavailable");
            assertThat(publish.statusCode()).isEqualTo(503);
            assertThat(publish.body()).contains("\"code\":\"unavailable\"", "\"message\":\"Cluster unavailable\"");
            assertThat(revoke.statusCode()).isEqualTo(503);
            assertThat(presence.statusCode()).isEqualTo(503);

            redis.restart();
            await(status -> status == 200);
        }
    }

    @Test
    @Order(4)
    void stopping_the_application_ends_every_redis_thread() {
        assertThat(redisThreads()).isNotEmpty();

        server.close();
        server = null;

        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (!redisThreads().isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(redisThreads()).isEmpty();
    }

    private static List<String> redisThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.contains("redis") || name.contains("lettuce") || name.startsWith("roomgate-backplane")
                        || name.startsWith("roomgate-heartbeat"))
                .toList();
    }

    private static void await(Predicate<Integer> readiness) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            status = HttpApi.get("health/ready", null).statusCode();
            if (readiness.test(status)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("readiness stayed " + status);
    }
}
