package io.roomgate.smoke;

import static io.roomgate.testing.Requests.join;
import static io.roomgate.testing.Requests.kick;
import static io.roomgate.testing.Requests.leave;
import static io.roomgate.testing.Requests.ping;
import static io.roomgate.testing.Requests.send;
import static io.roomgate.testing.Requests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomgate.testing.ApiAnswers;
import io.roomgate.testing.DemoRun;
import io.roomgate.testing.DemoTokens;
import io.roomgate.testing.Frame;
import io.roomgate.testing.HttpApi;
import io.roomgate.testing.RedisServer;
import io.roomgate.testing.RunCommand;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The three servers as nodes of one cluster (PROTOCOL §9), started as the README's "Run a cluster" tells
 * a user: one Redis, each README run command with {@code -Dhttp.port} and {@code ROOMGATE_CLUSTER_REDIS_URL},
 * demo mode on all (the demo key pair is shared through Redis, so any node's tokens work on the others).
 * Every node is booted once for the class (each boot costs a minute of CI), so the faults come last:
 * Redis killed and restarted, then Payara Micro stopped with SIGTERM, then Open Liberty killed with
 * SIGKILL; WildFly watches them and is stopped after all. The nodes run the default heartbeat and node
 * timeout, the ones a user gets. Runs after the single-node smoke test (its own failsafe execution), on
 * ports off every other test's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSmokeIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final int WILDFLY_PORT = 8600;
    private static final int LIBERTY_PORT = 8610;
    private static final int PAYARA_PORT = 8620;
    private static final int MESSAGES = 100;
    private static final int CONNECTIONS_PER_USER = 3;
    /** PROTOCOL §9: cross-node effects resume within 10 s of Redis's return, a dead node leaves presence within 60 s. */
    private static final Duration RESUMED_WITHIN = Duration.ofSeconds(10);
    private static final Duration DEAD_NODE_GONE_WITHIN = Duration.ofSeconds(60);
    /** The default roomgate.cluster.node-timeout: a clean stop's leaves must come well before it. */
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(15);
    /** A liveness bound on a busy machine, not a speed claim. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final int REDIS_CRASH = Order.DEFAULT + 1;
    private static final int NODE_STOP = Order.DEFAULT + 2;
    private static final int NODE_CRASH = Order.DEFAULT + 3;

    private static RedisServer redis;
    private static DemoRun wildfly;
    private static DemoRun liberty;
    private static DemoRun payara;

    @BeforeAll
    @Timeout(value = 12, unit = TimeUnit.MINUTES) // three builds and boots, side by side, each bounded by DemoRun
    static void start_redis_and_three_nodes() throws Exception {
        redis = new RedisServer().start();
        var environment = Map.of(
                "ROOMGATE_CLUSTER_REDIS_URL", redis.url(),
                // the ordering scenario sends its 100 messages at once: over the default burst of 100 frames
                "ROOMGATE_LIMITS_FRAME_BURST", "1000",
                // small enough for one user's connections to overflow it across the three nodes
                "ROOMGATE_LIMITS_CONNECTIONS_PER_USER", Integer.toString(CONNECTIONS_PER_USER));
        wildfly = node("WildFly", WILDFLY_PORT, environment);
        liberty = node("Open Liberty", LIBERTY_PORT, environment);
        payara = node("Payara Micro", PAYARA_PORT, environment);
        // side by side: each copy builds and boots on its own, and the wait is the slowest one's
        var others = CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> start(liberty)),
                CompletableFuture.runAsync(() -> start(payara)));
        start(wildfly);
        others.join();
    }

    @AfterAll
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    static void stop_everything_and_read_the_logs() throws Exception {
        try {
            stop(wildfly);
            stop(liberty);
            stop(payara);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
        ServerLogs.assertNoLinkageOrRedisClientErrors(List.of(wildfly, liberty, payara));
    }

    @Test
    void each_node_serves_tokens_and_websockets_on_the_port_its_command_was_given() throws Exception {
        for (var node : nodes()) {
            node.requireRunning();
            String user = "cluster-port-" + node.command().slug();
            try (var client = WsClient.to(node.rooms()).bearer(token(node, user)).open()) {
                assertThat(client.expect("hub:connected").payload().getString("userId"))
                        .as("%s on %s", node.command().server(), node.base()).isEqualTo(user);
            }
        }
    }

    @Test
    void a_token_one_node_handed_out_is_accepted_by_every_other() throws Exception {
        for (var issuer : nodes()) {
            for (var node : nodes()) {
                // a user per pair: closes are counted asynchronously, and the limit is 3 connections per user
                String user = "cluster-key-" + issuer.command().slug() + "-" + node.command().slug();
                try (var client = WsClient.to(node.rooms()).bearer(token(issuer, user)).open()) {
                    Frame first = client.next();
                    assertThat(first.type()).as("%s's demo token on %s: %s", issuer.command().server(), node.command().server(), first)
                            .isEqualTo("hub:connected");
                }
            }
        }
    }

    @Test
    void messages_sent_on_one_node_reach_members_on_the_others_in_order() throws Exception {
        String room = "cluster-order";
        try (var sender = WsClient.connected(wildfly.rooms(), token(wildfly, "cluster-sender"));
             var onLiberty = WsClient.connected(liberty.rooms(), token(liberty, "cluster-receiver-1"));
             var onPayara = WsClient.connected(payara.rooms(), token(payara, "cluster-receiver-2"))) {
            onLiberty.joined(room);
            onPayara.joined(room);
            sender.joined(room);
            for (int n = 0; n < MESSAGES; n++) {
                sender.send(send(room, Json.createObjectBuilder().add("n", n).build()));
            }
            var inOrder = IntStream.range(0, MESSAGES).boxed().toList();
            assertThat(numbers(onLiberty, room, "cluster-sender")).as("what reached the member on Open Liberty").containsExactlyElementsOf(inOrder);
            assertThat(numbers(onPayara, room, "cluster-sender")).as("what reached the member on Payara Micro").containsExactlyElementsOf(inOrder);
        }
    }

    @Test
    void presence_spans_the_nodes_with_one_snapshot_and_one_joined_and_left_per_user() throws Exception {
        String room = "cluster-presence";
        try (var watcher = WsClient.connected(wildfly.rooms(), token(wildfly, "cluster-p-ann"));
             var ben = WsClient.connected(liberty.rooms(), token(liberty, "cluster-p-ben"));
             var benAgain = WsClient.connected(payara.rooms(), token(payara, "cluster-p-ben"));
             var cid = WsClient.connected(payara.rooms(), token(payara, "cluster-p-cid"))) {
            watcher.joined(room);
            ben.joined(room);
            assertThat(presenceChange(watcher, room)).isEqualTo("joined cluster-p-ben");
            var snapshot = cid.joined(room).payload();
            assertThat(snapshot.getJsonArray("members")).extracting(m -> m.asJsonObject().getString("userId"))
                    .as("the snapshot of a member joining on a third node").containsExactly("cluster-p-ann", "cluster-p-ben", "cluster-p-cid");
            assertThat(snapshot.getInt("count")).isEqualTo(3);
            benAgain.joined(room);
            ben.send(leave(room, "leave-1")).expect("room:left");
            benAgain.send(leave(room, "leave-2")).expect("room:left");
            assertThat(List.of(presenceChange(watcher, room), presenceChange(watcher, room)))
                    .as("ben's second connection, on another node, is no second joined; only its last leave is a left")
                    .containsExactly("joined cluster-p-cid", "left cluster-p-ben");
        }
    }

    @Test
    void a_kick_on_one_node_closes_the_target_on_another_tells_a_third_and_its_ban_holds_on_every_node() throws Exception {
        String room = "cluster-kick";
        try (var moderator = WsClient.connected(wildfly.rooms(), token(wildfly, "user=cluster-k-mod&role=moderator"));
             var target = WsClient.connected(liberty.rooms(), token(liberty, "cluster-k-tim"));
             var bystander = WsClient.connected(payara.rooms(), token(payara, "cluster-k-ben"))) {
            target.joined(room);
            bystander.joined(room);
            moderator.joined(room);

            moderator.send(kick(room, "cluster-k-tim", "spam", 600L, "kick-1"));

            assertThat(moderator.nextMatching(f -> "kick-1".equals(f.id())).type()).isEqualTo("hub:ok");
            var kicked = target.nextOfType("user:kicked").payload();
            assertThat(kicked.getString("by")).isEqualTo("cluster-k-mod");
            assertThat(kicked.getString("reason")).isEqualTo("spam");
            assertThat(target.awaitClose()).extracting("code", "reason").containsExactly(1008, "Kicked by moderator");
            assertThat(bystander.nextOfType("user:kicked").payload().getString("userId")).isEqualTo("cluster-k-tim");
        }
        for (var node : nodes()) {
            // the previous connection's close may not be counted yet: 3 connections per user
            try (var back = WsClient.connectedOnceSettled(node.rooms(), token(node, "cluster-k-tim"), "Too many requests")) {
                back.send(join(room, "rejoin"));
                var refused = back.expect("hub:error");
                assertThat(refused.errorMessage()).as("on %s", node.command().server()).isEqualTo("Banned from room");
                assertThat(refused.payload().getJsonObject("details").getJsonNumber("until").longValue()).isPositive();
            }
        }
    }

    @Test
    void a_users_connections_count_against_one_limit_across_the_nodes() throws Exception {
        String user = "cluster-limit";
        var first = WsClient.connected(wildfly.rooms(), token(wildfly, user));
        try (var second = WsClient.connected(liberty.rooms(), token(liberty, user));
             var third = WsClient.connected(payara.rooms(), token(payara, user));
             var oneTooMany = WsClient.to(liberty.rooms()).bearer(token(liberty, user)).open()) {
            var refused = oneTooMany.expect("hub:error");
            assertThat(refused.errorCode()).isEqualTo("rate_limited");
            assertThat(refused.payload().getJsonObject("details").getString("limit")).isEqualTo("connections-per-user");
            assertThat(oneTooMany.awaitClose()).extracting("code", "reason").containsExactly(1013, "Rate limited");
            assertThat(second.isClosed() || third.isClosed()).as("older connections are never closed for a new one").isFalse();

            first.close();

            // the count on WildFly is given back once its close has gone through
            WsClient.connectedOnceSettled(payara.rooms(), token(payara, user), "Too many requests").close();
        } finally {
            first.close();
        }
    }

    @Test
    void a_revocation_through_one_nodes_api_cuts_the_tokens_connection_on_another_and_is_refused_on_a_third() throws Exception {
        String revoked = token(liberty, "cluster-r-tim");
        try (var victim = WsClient.connected(liberty.rooms(), revoked);
             var sameUser = WsClient.connected(liberty.rooms(), token(liberty, "cluster-r-tim"))) {
            var answer = api(wildfly, "POST", "revocations", adminToken(wildfly, null),
                    Json.createObjectBuilder().add("jti", claim(revoked, "jti")).build().toString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);

            assertThat(victim.nextOfType("hub:error").errorMessage()).isEqualTo("JWT revoked");
            assertThat(victim.awaitClose()).extracting("code", "reason").containsExactly(1008, "Token revoked");
            try (var again = WsClient.to(payara.rooms()).bearer(revoked).open()) {
                assertThat(again.next().errorMessage()).isEqualTo("JWT revoked");
            }
            sameUser.send(ping("p"));
            assertThat(sameUser.expect("pong").id()).as("the user's token with another jti lives on").isEqualTo("p");
        }
    }

    @Test
    void the_http_apis_publish_presence_and_disconnect_on_one_node_act_on_members_of_the_others() throws Exception {
        String room = "cluster-api";
        try (var ben = WsClient.connected(liberty.rooms(), token(liberty, "cluster-a-ben"));
             var cid = WsClient.connected(payara.rooms(), token(payara, "cluster-a-cid"))) {
            ben.joined(room);
            cid.joined(room);
            String admin = adminToken(wildfly, null);

            var published = api(wildfly, "POST", "rooms/" + room + "/messages", admin,
                    Json.createObjectBuilder().add("event", "notice").add("data", text("from the API")).build().toString());
            var presence = api(wildfly, "GET", "rooms/" + room + "/presence", admin, null);
            var disconnected = api(payara, "POST", "users/cluster-a-ben/disconnect", adminToken(payara, null), "{}");

            assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
            for (var member : List.of(ben, cid)) {
                var message = member.nextOfType("room:message").payload();
                assertThat(message.getJsonObject("from").getString("userId")).isEqualTo("server");
                assertThat(message.getJsonObject("data").getString("text")).isEqualTo("from the API");
            }
            assertThat(presence.statusCode()).as(presence.body()).isEqualTo(200);
            assertThat(ApiAnswers.json(presence).getJsonArray("members")).extracting(m -> m.asJsonObject().getString("userId"))
                    .containsExactly("cluster-a-ben", "cluster-a-cid");
            assertThat(disconnected.statusCode()).as(disconnected.body()).isEqualTo(204);
            assertThat(ben.awaitClose()).extracting("code", "reason").containsExactly(1008, "Kicked by moderator");
            assertThat(presenceChange(cid, room)).isEqualTo("left cluster-a-ben");
        }
    }

    @Test
    void a_room_of_one_tenant_shows_nothing_to_another_tenants_member_of_the_same_name_on_any_node() throws Exception {
        String room = "cluster-tenants";
        try (var ann = WsClient.connected(wildfly.rooms(), token(wildfly, "user=cluster-t-ann&tenant=acme"));
             var amy = WsClient.connected(payara.rooms(), token(payara, "user=cluster-t-amy&tenant=acme"));
             var gus = WsClient.connected(liberty.rooms(), token(liberty, "user=cluster-t-gus&tenant=globex"))) {
            ann.joined(room);
            amy.joined(room);
            assertThat(presenceChange(ann, room)).isEqualTo("joined cluster-t-amy");

            var snapshot = gus.joined(room).payload();
            ann.send(send(room, text("acme only")));

            assertThat(snapshot.getJsonArray("members")).extracting(m -> m.asJsonObject().getString("userId"))
                    .containsExactly("cluster-t-gus");
            assertThat(amy.nextOfType("room:message").payload().getJsonObject("data").getString("text")).isEqualTo("acme only");
            // amy, on another node than ann, got it: gus has had as much time to get it
            gus.expectSilence(Duration.ofSeconds(1));
            assertThat(ofRoom(ann.drain(), room)).as("what acme's member saw of globex's join").isEmpty();
        }
    }

    @Test
    @Order(REDIS_CRASH)
    void while_redis_is_killed_local_delivery_goes_on_and_cross_node_delivery_resumes_within_10_s_of_its_restart() throws Exception {
        String room = "cluster-outage";
        try (var ann = WsClient.connected(wildfly.rooms(), token(wildfly, "cluster-o-ann"));
             var cid = WsClient.connected(wildfly.rooms(), token(wildfly, "cluster-o-cid"));
             var ben = WsClient.connected(liberty.rooms(), token(liberty, "cluster-o-ben"))) {
            ben.joined(room);
            cid.joined(room);
            ann.joined(room);
            var sent = new ArrayList<String>();
            var local = new ArrayList<String>();
            var remote = new ArrayList<String>();
            say(ann, room, "before", sent);
            await().atMost(PATIENCE).until(() -> texts(ben, room, remote).contains("before"));

            redis.kill();
            say(ann, room, "at the kill", sent);
            await().atMost(PATIENCE).until(() -> ready(wildfly) == 503 && ready(liberty) == 503);
            say(ann, room, "while the nodes know Redis is gone", sent);
            await().atMost(PATIENCE).until(() -> texts(cid, room, local).size() == sent.size());

            redis.restart();
            await().atMost(RESUMED_WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> {
                say(ann, room, "after " + sent.size(), sent);
                return texts(ben, room, remote).stream().anyMatch(t -> t.startsWith("after "));
            });

            await().atMost(PATIENCE).until(() -> texts(cid, room, local).size() == sent.size());
            assertThat(local).as("what ann's neighbour on WildFly got, outage or not").containsExactlyElementsOf(sent);
            await().atMost(PATIENCE).until(() -> ready(wildfly) == 200 && ready(liberty) == 200 && ready(payara) == 200);
        }
    }

    @Test
    @Order(NODE_STOP)
    void a_node_stopped_with_sigterm_closes_its_clients_1001_and_its_users_leave_the_other_nodes_rooms_at_once() throws Exception {
        String room = "cluster-stop";
        try (var watcher = WsClient.connected(wildfly.rooms(), token(wildfly, "cluster-s-ann"));
             var onPayara = WsClient.connected(payara.rooms(), token(payara, "cluster-s-pat"))) {
            watcher.joined(room);
            onPayara.joined(room);
            assertThat(presenceChange(watcher, room)).isEqualTo("joined cluster-s-pat");

            var stopped = CompletableFuture.runAsync(() -> end(payara, false));

            assertThat(onPayara.awaitClose()).extracting("code", "reason").containsExactly(1001, "Server shutting down");
            var seen = new ArrayList<String>();
            await().atMost(NODE_TIMEOUT.dividedBy(3)).until(() -> changes(watcher, room, seen).contains("left cluster-s-pat"));
            stopped.join();
        }
    }

    @Test
    @Order(NODE_CRASH)
    void a_node_killed_with_sigkill_is_gone_from_the_other_nodes_presence_within_60_s() throws Exception {
        String room = "cluster-crash";
        try (var watcher = WsClient.connected(wildfly.rooms(), token(wildfly, "cluster-c-ann"));
             var onLiberty = WsClient.connected(liberty.rooms(), token(liberty, "cluster-c-lee"))) {
            watcher.joined(room);
            onLiberty.joined(room);
            assertThat(presenceChange(watcher, room)).isEqualTo("joined cluster-c-lee");

            end(liberty, true);

            var seen = new ArrayList<String>();
            await().atMost(DEAD_NODE_GONE_WITHIN).until(() -> changes(watcher, room, seen).contains("left cluster-c-lee"));
        }
    }

    // --- nodes

    private static List<DemoRun> nodes() {
        return List.of(wildfly, liberty, payara);
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

    /** SIGTERM or SIGKILL, and nothing of the node's run left. */
    private static void end(DemoRun node, boolean crash) {
        try {
            if (crash) {
                node.kill();
            } else {
                node.stop();
            }
        } catch (Exception e) {
            throw new AssertionError(node.command().server() + " did not end: " + e.getMessage(), e);
        }
    }

    private static void stop(DemoRun node) throws Exception {
        if (node != null && node.running()) {
            node.stop();
        }
    }

    /** {@code /api/health/ready}'s status: 503 while the node is cut off from Redis. */
    private static int ready(DemoRun node) {
        return HttpApi.send(HttpRequest.newBuilder(node.base().resolve("api/health/ready")).timeout(WsClient.WAIT).build()).statusCode();
    }

    private static HttpResponse<String> api(DemoRun node, String method, String path, String bearer, String json) {
        var request = HttpRequest.newBuilder(node.base().resolve("api/" + path))
                .timeout(WsClient.WAIT)
                .header("Authorization", "Bearer " + bearer)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpApi.send(request.build());
    }

    // --- tokens

    /** A demo token of {@code node}: {@code user} alone, or a whole query ({@code user=…&role=…&tenant=…}). */
    private static String token(DemoRun node, String userOrQuery) throws IOException, InterruptedException {
        var answer = node.tokens().get(userOrQuery.contains("=") ? userOrQuery : "user=" + userOrQuery);
        assertThat(answer.statusCode()).as("/demo/token of %s: %s", node.base(), answer.body()).isEqualTo(200);
        return DemoTokens.token(answer).token();
    }

    private static String adminToken(DemoRun node, String tenant) throws IOException, InterruptedException {
        return token(node, "user=cluster-admin&role=admin" + Optional.ofNullable(tenant).map(t -> "&tenant=" + t).orElse(""));
    }

    private static String claim(String token, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        try (var reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject().getString(name);
        }
    }

    // --- what a client saw

    /** The {@code n} of every message {@code from} sent to {@code room}, in arrival order, once {@link #MESSAGES} came. */
    private static List<Integer> numbers(WsClient client, String room, String from) {
        var received = new ArrayList<Integer>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (received.size() < MESSAGES && System.nanoTime() < deadline) {
            client.poll(Duration.ofMillis(200))
                    .filter(f -> f.type().equals("room:message") && room.equals(f.payload().getString("room")))
                    .filter(f -> f.payload().getJsonObject("from").getString("userId").equals(from))
                    .ifPresent(f -> received.add(f.payload().getJsonObject("data").getInt("n")));
        }
        return received;
    }

    /** The next {@code joined}/{@code left} event of {@code room}, as "joined userId" or "left userId". */
    private static String presenceChange(WsClient client, String room) {
        return describe(client.nextMatching(f -> isChange(f, room)));
    }

    /** Every presence change of {@code room} so far, appended to {@code into}. */
    private static List<String> changes(WsClient client, String room, List<String> into) {
        client.drain().stream().filter(f -> isChange(f, room)).map(ClusterSmokeIT::describe).forEach(into::add);
        return into;
    }

    private static boolean isChange(Frame frame, String room) {
        return WsClient.isPresenceChange(frame) && room.equals(frame.payload().getString("room"))
                && (frame.payload().containsKey("joined") || frame.payload().containsKey("left"));
    }

    private static String describe(Frame change) {
        var payload = change.payload();
        String kind = payload.containsKey("joined") ? "joined" : "left";
        return kind + " " + payload.getJsonObject(kind).getString("userId");
    }

    private static void say(WsClient sender, String room, String text, List<String> sent) {
        sender.send(send(room, text(text)));
        sent.add(text);
    }

    /** The texts of every message to {@code room} so far, appended to {@code into}. */
    private static List<String> texts(WsClient client, String room, List<String> into) {
        client.drain().stream()
                .filter(f -> f.type().equals("room:message") && room.equals(f.payload().getString("room")))
                .map(f -> f.payload().getJsonObject("data").getString("text"))
                .forEach(into::add);
        return into;
    }

    private static List<Frame> ofRoom(List<Frame> frames, String room) {
        return frames.stream()
                .filter(f -> f.payload().get("room") instanceof JsonString name && name.getString().equals(room))
                .toList();
    }
}
