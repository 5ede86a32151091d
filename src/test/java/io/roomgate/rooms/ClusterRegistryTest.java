package io.roomgate.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomgate.auth.Identity;
import io.roomgate.auth.InMemoryRevocationStore;
import io.roomgate.auth.Revocations;
import io.roomgate.cluster.ClusterUnavailableException;
import io.roomgate.cluster.RedisBackplane;
import io.roomgate.config.Settings;
import io.roomgate.demo.DemoKeys;
import io.roomgate.history.Kept;
import io.roomgate.history.Position;
import io.roomgate.permissions.Permissions;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.protocol.Payloads.Member;
import io.roomgate.protocol.Problem;
import io.roomgate.testing.JdkDelays;
import io.roomgate.testing.RedisServer;
import io.roomgate.testing.TestSettings;
import io.roomgate.transport.DeliveryDeadline;
import io.roomgate.transport.Outbox;
import io.roomgate.transport.RecordingTransport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two complete registries, each on a backplane of its own, sharing one real Redis (PROTOCOL §9):
 * what a member on one node sees of what happens on the other. Each test has a key prefix of its
 * own, so tests share the Redis without sharing state; the outage test has a Redis of its own.
 */
class ClusterRegistryTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    private static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration WITHIN = Duration.ofSeconds(5);

    private static RedisServer redis;

    private final Settings settings = TestSettings.load(Map.of(
            "roomgate.limits.connections-per-user", "4",
            "roomgate.limits.members-per-room", "5"));
    private static final Settings HISTORY = TestSettings.load(Map.of("roomgate.history.size", "10"));
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Node> nodes = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = new RedisServer().start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(node -> node.backplane.close(false));
    }

    @Test
    void messages_sent_on_one_node_reach_members_on_the_other_in_the_senders_order() throws Refusal {
        var a = node("a");
        var b = node("b");
        var ann = a.connect("ann", null);
        var ben = b.connect("ben", null);
        a.registry.join(ann.peer(), "lobby", Optional.empty());
        b.registry.join(ben.peer(), "lobby", Optional.empty());

        for (int i = 0; i < 100; i++) {
            a.registry.send(ann.peer(), "lobby", "chat", Json.createValue(i), null);
        }

        eventually(() -> assertThat(ben.frames("room:message")).hasSize(100));
        assertThat(ben.frames("room:message")).extracting(f -> f.getJsonObject("payload").getInt("data"))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).boxed().toList());
        assertThat(ann.frames("room:message")).isEmpty();
    }

    @Test
    void presence_spans_the_nodes_with_one_joined_and_one_left_per_user() throws Refusal {
        var a = node("a");
        var b = node("b");
        var ann = a.connect("ann", null);
        a.registry.join(ann.peer(), "lobby", Optional.empty());
        var ben = b.connect("ben", null);

        MemberPage snapshot = b.registry.join(ben.peer(), "lobby", Optional.empty()).page();

        assertThat(snapshot.members()).extracting(Member::userId).containsExactly("ann", "ben");
        assertThat(snapshot.count()).isEqualTo(2);
        eventually(() -> assertThat(ann.presence("joined")).containsExactly("ben"));
        var benOnA = a.connect("ben", null);
        a.registry.join(benOnA.peer(), "lobby", Optional.empty());
        b.registry.leave(ben.peer(), "lobby");
        a.registry.leave(benOnA.peer(), "lobby");
        eventually(() -> assertThat(ann.presence("left")).containsExactly("ben"));
        assertThat(ann.presence("joined")).containsExactly("ben");
        assertThat(b.registry.snapshot(new RoomKey(null, "lobby"), Optional.empty()).members())
                .extracting(Member::userId).containsExactly("ann");
    }

    @Test
    void a_kick_on_one_node_closes_the_target_on_the_other_and_its_ban_holds_on_both() throws Refusal {
        var a = node("a");
        var b = node("b");
        var mod = a.connect("mo", null, "moderator");
        var tim = b.connect("tim", null);
        var bystander = b.connect("ben", null);
        a.registry.join(mod.peer(), "lobby", Optional.empty());
        b.registry.join(tim.peer(), "lobby", Optional.empty());
        b.registry.join(bystander.peer(), "lobby", Optional.empty());

        a.registry.kick(mod.peer(), "lobby", "tim", Optional.of("spam"), Optional.of(60L));

        eventually(() -> assertThat(tim.transport().closes).containsExactly("1008 Kicked by moderator"));
        assertThat(tim.frames("user:kicked")).singleElement()
                .satisfies(f -> assertThat(f.getJsonObject("payload").getString("by")).isEqualTo("mo"));
        eventually(() -> assertThat(bystander.frames("user:kicked")).hasSize(1));
        assertRefused(() -> b.registry.join(b.connect("tim", null).peer(), "lobby", Optional.empty()), Problem.BANNED);
        assertRefused(() -> a.registry.join(a.connect("tim", null).peer(), "lobby", Optional.empty()), Problem.BANNED);
    }

    @Test
    void a_moderator_cannot_kick_an_admin_connected_to_another_node_nor_someone_only_elsewhere() throws Refusal {
        var a = node("a");
        var b = node("b");
        var mod = a.connect("mo", null, "moderator");
        var ada = b.connect("ada", null, "admin");
        a.registry.join(mod.peer(), "lobby", Optional.empty());
        b.registry.join(ada.peer(), "lobby", Optional.empty());
        b.registry.join(b.connect("zed", null).peer(), "elsewhere", Optional.empty());

        assertRefused(() -> a.registry.kick(mod.peer(), "lobby", "ada", Optional.empty(), Optional.empty()),
                Problem.INSUFFICIENT_PERMISSIONS);
        assertRefused(() -> a.registry.kick(mod.peer(), "lobby", "zed", Optional.empty(), Optional.empty()),
                Problem.USER_NOT_IN_ROOM);
    }

    @Test
    void a_room_full_across_the_nodes_refuses_the_next_member_on_either() throws Refusal {
        var a = node("a");
        var b = node("b");
        for (String user : List.of("ann", "ben", "cid", "dan", "eve")) {
            var on = user.equals("ben") || user.equals("dan") ? b : a;
            on.registry.join(on.connect(user, null).peer(), "lobby", Optional.empty());
        }

        assertRefused(() -> b.registry.join(b.connect("fay", null).peer(), "lobby", Optional.empty()), Problem.TOO_MANY_REQUESTS);
        assertThat(a.registry.snapshot(new RoomKey(null, "lobby"), Optional.empty()).count()).isEqualTo(5);
    }

    @Test
    void the_connections_per_user_limit_counts_the_users_connections_on_every_node_until_their_node_dies() throws Refusal {
        var a = node("a");
        var b = node("b");
        var first = a.connect("ann", null);
        a.connect("ann", null);
        b.connect("ann", null);
        b.connect("ann", null);

        assertRefused(() -> b.connect("ann", null), Problem.TOO_MANY_REQUESTS);
        assertRefused(() -> a.connect("ann", null), Problem.TOO_MANY_REQUESTS);
        a.registry.unregister(first.peer());
        b.connect("ann", null);
        b.connect("ann", "acme");
        b.backplane.close(false);
        eventually(() -> assertThatCode(() -> a.connect("ann", null)).doesNotThrowAnyException());
    }

    @Test
    void a_users_connections_racing_on_two_nodes_are_admitted_up_to_the_limit_and_their_closes_free_every_slot()
            throws Exception {
        var a = node("a");
        var b = node("b");

        var first = connectAtOnce("ann", a, b);
        first.forEach(admitted -> admitted.node().registry.unregister(admitted.connection().peer()));
        var second = connectAtOnce("ann", b, a);

        assertThat(first).hasSize(4);
        assertThat(second).as("the first wave's slots, all freed").hasSize(4);
    }

    @Test
    void connections_opened_and_closed_while_a_node_recounts_them_in_redis_are_counted_once_each() throws Exception {
        // recounts as often as it beats; the other never beats again, and its key outlives the test: no node sweeps the other
        var a = node("a", redis, settings, Duration.ofMillis(20), NODE_TIMEOUT);
        var b = node("b", redis, settings, Duration.ofHours(1), Duration.ofHours(1));
        var users = IntStream.range(0, 8).mapToObj(i -> "churn" + i).toList();
        int recounts = 30;
        var forced = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(users.size());
        try {
            var churns = new ArrayList<Future<?>>();
            for (String user : users) {
                churns.add(pool.submit(() -> {
                    int roundsAfter = 0;
                    // and a few rounds more, amid the last recount
                    while (forced.get() < recounts || roundsAfter++ < 20) {
                        var one = a.connect(user, null);
                        var two = a.connect(user, null);
                        a.registry.unregister(one.peer());
                        a.registry.unregister(two.peer());
                    }
                    a.connect(user, null);
                    a.connect(user, null);
                    return null;
                }));
            }
            for (int i = 0; i < recounts; i++) {
                // a node that finds its liveness key gone (as in a Redis that returned empty) recounts its connections there
                redis.command("DEL", prefix + ":node:a");
                eventually(() -> assertThat(command("EXISTS", prefix + ":node:a")).isEqualTo("1"));
                forced.incrementAndGet();
            }
            for (var churn : churns) {
                churn.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (String user : users) {
            b.connect(user, null);
            b.connect(user, null);
            assertRefused(() -> b.connect(user, null), Problem.TOO_MANY_REQUESTS);
        }
    }

    /** Connects the user 24 times at once, in turns on each node; who was admitted (the rest must be refused at the limit). */
    private static List<Admitted> connectAtOnce(String userId, Node... on) throws Exception {
        int attempts = 24;
        var pool = Executors.newFixedThreadPool(attempts);
        try {
            var start = new CountDownLatch(1);
            var tries = new ArrayList<Future<Admitted>>();
            for (int i = 0; i < attempts; i++) {
                var node = on[i % on.length];
                tries.add(pool.submit(() -> {
                    start.await();
                    try {
                        return new Admitted(node, node.connect(userId, null));
                    } catch (Refusal refusal) {
                        assertThat(refusal.problem()).isEqualTo(Problem.TOO_MANY_REQUESTS);
                        return null;
                    }
                }));
            }
            start.countDown();
            var admitted = new ArrayList<Admitted>();
            for (var attempt : tries) {
                var result = attempt.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
                if (result != null) {
                    admitted.add(result);
                }
            }
            return admitted;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Admitted(Node node, Connected connection) {
    }

    @Test
    void a_revocation_on_one_node_cuts_the_tokens_connection_on_the_other_within_a_second_and_binds_later_nodes() throws Exception {
        var a = node("a");
        var b = node("b");
        var tim = b.connect(tokenIdentity("tim", "acme", "jti-1"));

        Instant revoked = Instant.now();
        a.revocations.revokeToken("acme", "jti-1");

        eventually(() -> assertThat(tim.transport().closes).containsExactly("1008 Token revoked"));
        assertThat(Duration.between(revoked, Instant.now())).isLessThan(Duration.ofSeconds(1));
        var later = node("c");
        eventually(() -> assertThat(later.revocations.isRevoked(tokenIdentity("tim", "acme", "jti-1"))).isTrue());
        assertThat(later.revocations.isRevoked(tokenIdentity("tim", "globex", "jti-1"))).isFalse();
    }

    @Test
    void the_http_apis_publish_presence_and_disconnect_act_on_every_node() throws Refusal {
        var a = node("a");
        var b = node("b");
        var ben = b.connect("ben", "acme");
        b.registry.join(ben.peer(), "lobby", Optional.empty());

        a.registry.publish(new RoomKey("acme", "lobby"), "notice", Json.createValue("hello"));
        var page = a.registry.snapshot(new RoomKey("acme", "lobby"), Optional.empty());
        a.registry.disconnect(new UserKey("acme", "ben"), "admin", Optional.empty());

        assertThat(page.members()).extracting(Member::userId).containsExactly("ben");
        eventually(() -> assertThat(ben.transport().closes).containsExactly("1008 Kicked by moderator"));
        assertThat(ben.frames("room:message")).singleElement()
                .satisfies(f -> assertThat(f.getJsonObject("payload").getJsonObject("from").getString("userId")).isEqualTo("server"));
    }

    @Test
    void tenants_stay_apart_across_nodes_even_with_braces_and_colons_in_their_names() throws Refusal {
        var a = node("a");
        var b = node("b");
        var acme = a.connect("ann", "ac}me:");
        var globex = b.connect("gus", "ac");
        var acmeOnB = b.connect("ben", "ac}me:");
        a.registry.join(acme.peer(), "lobby", Optional.empty());
        b.registry.join(globex.peer(), "lobby", Optional.empty());
        b.registry.join(acmeOnB.peer(), "lobby", Optional.empty());

        a.registry.send(acme.peer(), "lobby", "chat", Json.createValue("hi"), null);

        eventually(() -> assertThat(acmeOnB.frames("room:message")).hasSize(1));
        assertThat(globex.frames("room:message")).isEmpty();
        assertThat(globex.presence("joined")).isEmpty();
        assertThat(b.registry.snapshot(new RoomKey("ac", "lobby"), Optional.empty()).members())
                .extracting(Member::userId).containsExactly("gus");
    }

    @Test
    void a_node_that_stops_cleanly_leaves_presence_at_once_and_one_that_dies_within_the_node_timeout() throws Refusal {
        var a = node("a");
        var b = node("b");
        var c = node("c");
        var ann = a.connect("ann", null);
        a.registry.join(ann.peer(), "lobby", Optional.empty());
        b.registry.join(b.connect("ben", null).peer(), "lobby", Optional.empty());
        c.registry.join(c.connect("cid", null).peer(), "lobby", Optional.empty());

        Instant stopped = Instant.now();
        b.backplane.close(true);
        eventually(() -> assertThat(ann.presence("left")).containsExactly("ben"));
        assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(1));

        Instant died = Instant.now();
        c.backplane.close(false);
        eventually(() -> assertThat(ann.presence("left")).containsExactly("ben", "cid"));
        assertThat(Duration.between(died, Instant.now())).isLessThan(NODE_TIMEOUT.plus(HEARTBEAT.multipliedBy(3)));
        assertThat(a.registry.snapshot(new RoomKey(null, "lobby"), Optional.empty()).members())
                .extracting(Member::userId).containsExactly("ann");
    }

    @Test
    void while_redis_is_down_local_rooms_keep_working_and_once_it_is_back_the_nodes_share_again() throws Exception {
        try (var own = new RedisServer().start()) {
            var a = node("a", own);
            var b = node("b", own);
            var ann = a.connect("ann", null);
            var cid = a.connect("cid", null);
            var mod = a.connect("mo", null, "moderator");
            var ben = b.connect("ben", null);
            a.registry.join(ann.peer(), "lobby", Optional.empty());
            a.registry.join(cid.peer(), "lobby", Optional.empty());
            a.registry.join(mod.peer(), "lobby", Optional.empty());
            b.registry.join(ben.peer(), "lobby", Optional.empty());

            a.revocations.revokeToken("acme", "jti-before-the-outage");
            own.kill();
            eventually(() -> assertThat(a.backplane.available()).isFalse());
            a.registry.send(ann.peer(), "lobby", "chat", Json.createValue("during"), null);
            var dan = a.connect("dan", null);
            a.registry.join(dan.peer(), "lobby", Optional.empty());

            assertThat(cid.frames("room:message")).hasSize(1);
            assertThat(cid.presence("joined")).contains("dan");
            assertRefused(() -> a.registry.kick(mod.peer(), "lobby", "cid", Optional.empty(), Optional.empty()),
                    Problem.CLUSTER_UNAVAILABLE);
            assertThatThrownBy(() -> a.registry.publish(new RoomKey(null, "lobby"), "notice", Json.createValue(1)))
                    .isInstanceOf(ClusterUnavailableException.class);

            own.restart();
            Instant back = Instant.now();
            eventually(() -> {
                a.registry.send(ann.peer(), "lobby", "chat", Json.createValue("after"), null);
                assertThat(ben.frames("room:message")).extracting(f -> f.getJsonObject("payload").getString("data")).contains("after");
            });
            assertThat(Duration.between(back, Instant.now())).isLessThan(Duration.ofSeconds(10));
            eventually(() -> assertThat(b.registry.snapshot(new RoomKey(null, "lobby"), Optional.empty()).members())
                    .extracting(Member::userId).containsExactly("ann", "ben", "cid", "dan", "mo"));
            var later = node("c", own);
            eventually(() -> assertThat(later.revocations.isRevoked(tokenIdentity("tim", "acme", "jti-before-the-outage"))).isTrue());
        }
    }

    @Test
    void members_a_node_puts_back_when_redis_returns_are_swept_should_its_heartbeat_never_follow() throws Exception {
        try (var own = new RedisServer().start()) {
            // its liveness lasts a second and its next heartbeat is an hour away: after each write of its key
            // it is as good as dead, and the other node sweeps it
            var b = node("b", own);
            var ben = b.connect("ben", null);
            b.registry.join(ben.peer(), "lobby", Optional.empty());
            var a = node("a", own, settings, Duration.ofHours(1), NODE_TIMEOUT);
            a.registry.join(a.connect("ann", null).peer(), "lobby", Optional.empty());
            eventually(() -> assertThat(ben.presence("left")).containsExactly("ann"));

            own.restart();

            // put back (announced joined again), then swept
            eventually(() -> assertThat(ben.presence("left")).containsExactly("ann", "ann"));
        }
    }

    @Test
    void a_large_rooms_count_summaries_reach_members_on_every_node() throws Refusal {
        var large = TestSettings.load(Map.of("roomgate.presence.events-limit", "2"));
        var a = node("a", redis, large);
        var b = node("b", redis, large);
        var ann = a.connect("ann", null);
        a.registry.join(ann.peer(), "hall", Optional.empty());
        b.registry.join(b.connect("ben", null).peer(), "hall", Optional.empty());

        b.registry.join(b.connect("cid", null).peer(), "hall", Optional.empty());

        eventually(() -> assertThat(ann.frames("room:presence")).extracting(f -> f.getJsonObject("payload"))
                .filteredOn(p -> p.containsKey("count")).extracting(p -> p.getInt("count")).containsExactly(3));
        assertThat(ann.presence("joined")).containsExactly("ben");
    }

    @Test
    void kept_messages_take_one_order_across_the_nodes_and_a_join_on_one_node_recovers_what_was_sent_on_the_other()
            throws Refusal {
        var a = node("a", redis, HISTORY);
        var b = node("b", redis, HISTORY);
        var ann = a.connect("ann", null);
        var ben = b.connect("ben", null);
        a.registry.join(ann.peer(), "lobby", Optional.empty()).resume();
        var benJoined = b.registry.join(ben.peer(), "lobby", Optional.empty());
        benJoined.resume();
        String epoch = benJoined.position().epoch();

        for (int i = 0; i < 3; i++) {
            a.registry.send(ann.peer(), "lobby", "chat", Json.createValue("a" + i), null);
            b.registry.send(ben.peer(), "lobby", "chat", Json.createValue("b" + i), new Echo("e" + i));
        }
        a.registry.publish(new RoomKey(null, "lobby"), "notice", Json.createValue("api"));

        eventually(() -> assertThat(ben.frames("room:message")).hasSize(7));
        eventually(() -> assertThat(ann.frames("room:message")).hasSize(4));
        assertThat(offsets(ben)).as("every message, the echoes too, in one order").containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(offsets(ann)).as("the same order on the other node").isSorted().doesNotHaveDuplicates();
        var cid = b.connect("cid", null);
        var recovery = b.registry.join(cid.peer(), "lobby", Optional.of(new Position(epoch, 2)));
        recovery.resume();

        assertThat(recovery.recovered()).isTrue();
        assertThat(recovery.position()).isEqualTo(new Position(epoch, 7));
        assertThat(offsets(cid)).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(cid.frames("room:message")).extracting(f -> f.getJsonObject("payload"))
                .as("replayed as first delivered").isEqualTo(ben.frames("room:message").subList(2, 7).stream()
                        .map(f -> f.getJsonObject("payload")).toList());
    }

    @Test
    void once_redis_loses_a_rooms_history_the_room_has_a_new_epoch_and_recovery_from_the_old_one_fails() throws Exception {
        try (var own = new RedisServer().start()) {
            var a = node("a", own, HISTORY);
            var b = node("b", own, HISTORY);
            var ann = a.connect("ann", null);
            var joined = a.registry.join(ann.peer(), "lobby", Optional.empty());
            joined.resume();
            a.registry.send(ann.peer(), "lobby", "chat", Json.createValue("lost"), new Echo(null));
            eventually(() -> assertThat(ann.frames("room:message")).hasSize(1));

            own.kill();
            eventually(() -> assertThat(a.backplane.available()).isFalse());
            a.registry.send(ann.peer(), "lobby", "chat", Json.createValue("unkept"), new Echo(null));
            assertThat(ann.frames("room:message")).extracting(f -> f.getJsonObject("payload"))
                    .as("delivered here without an offset while Redis is away")
                    .last().satisfies(p -> assertThat(p.containsKey("offset")).isFalse());
            own.restart();

            var ben = b.connect("ben", null);
            eventually(() -> {
                var recovery = b.registry.join(ben.peer(), "lobby", Optional.of(new Position(joined.position().epoch(), 1)));
                recovery.resume();
                assertThat(recovery.position()).as("read from Redis").isNotNull();
                assertThat(recovery.recovered()).isFalse();
                assertThat(recovery.position().epoch()).isNotEqualTo(joined.position().epoch());
                assertThat(recovery.position().offset()).isZero();
            });
            assertThat(ben.frames("room:message")).isEmpty();
        }
    }

    @Test
    void redis_keeps_the_last_messages_within_the_size_and_the_bytes_and_a_gap_past_them_is_not_recovered()
            throws Refusal {
        var small = TestSettings.load(Map.of("roomgate.history.size", "3", "roomgate.history.bytes", "400"));
        var a = node("a", redis, small);
        var b = node("b", redis, small);
        var ann = a.connect("ann", null);
        var start = a.registry.join(ann.peer(), "lobby", Optional.empty());
        start.resume();
        for (int i = 1; i <= 5; i++) {
            a.registry.send(ann.peer(), "lobby", "chat", Json.createValue("m" + i), new Echo(null));
        }
        eventually(() -> assertThat(ann.frames("room:message")).hasSize(5));
        String epoch = start.position().epoch();
        var store = b.registry.history().orElseThrow();

        assertThat(store.read(null, "lobby", 0, 10).messages()).extracting(Kept::offset).containsExactly(3L, 4L, 5L);
        assertThat(store.read(null, "lobby", 1, 10).recovers(new Position(epoch, 1))).isFalse();
        assertThat(store.read(null, "lobby", 2, 10).recovers(new Position(epoch, 2))).isTrue();
        a.registry.send(ann.peer(), "lobby", "chat", Json.createValue("x".repeat(250)), new Echo(null));
        eventually(() -> assertThat(ann.frames("room:message")).hasSize(6));
        assertThat(store.read(null, "lobby", 0, 10).messages()).as("400 bytes hold the big one alone")
                .extracting(Kept::offset).containsExactly(6L);
    }

    private static Object command(String... arguments) {
        try {
            return redis.command(arguments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> offsets(Connected connection) {
        return connection.frames("room:message").stream()
                .map(f -> f.getJsonObject("payload").getJsonNumber("offset").longValue()).toList();
    }

    @Test
    void demo_tokens_of_any_node_verify_on_every_node() {
        var demo = TestSettings.load(Map.of("roomgate.demo.enabled", "true"));
        var first = new DemoKeys(demo, node("a").backplane);
        var second = new DemoKeys(demo, node("b").backplane);

        assertThat(second.publicKeyPem()).isEqualTo(first.publicKeyPem()).isPresent();
    }

    // --- nodes and their connections

    private Node node(String name) {
        return node(name, redis);
    }

    private Node node(String name, RedisServer on) {
        return node(name, on, settings);
    }

    private Node node(String name, RedisServer on, Settings settings) {
        return node(name, on, settings, HEARTBEAT, NODE_TIMEOUT);
    }

    private Node node(String name, RedisServer on, Settings settings, Duration heartbeat, Duration nodeTimeout) {
        var backplane = new RedisBackplane(on.url(), name, prefix, heartbeat, nodeTimeout);
        var registry = new RoomRegistry(settings, new FrameEncoder(), backplane, JdkDelays.INSTANCE);
        var revocations = new Revocations(new InMemoryRevocationStore(settings), backplane, settings);
        var node = new Node(backplane, registry, revocations, settings);
        nodes.add(node);
        return node;
    }

    private static Identity tokenIdentity(String userId, String tenant, String jti) {
        long now = Instant.now().getEpochSecond();
        return new Identity(userId, userId, Set.of(), tenant, now + 3600, jti, now - 10, true, Permissions.UNRESTRICTED, null, null);
    }

    private record Node(RedisBackplane backplane, RoomRegistry registry, Revocations revocations, Settings settings) {

        Connected connect(String userId, String tenant, String... roles) throws Refusal {
            return connect(Identity.withoutToken(userId, Set.of(roles), tenant));
        }

        Connected connect(Identity identity) throws Refusal {
            var transport = new RecordingTransport();
            var peer = new Peer[1];
            var outbox = Outbox.open(transport, settings.limits().outboundQueueBytes(), DeliveryDeadline.NONE, () -> registry.unregister(peer[0]));
            peer[0] = new Peer(identity, outbox);
            registry.register(peer[0]);
            return new Connected(peer[0], transport);
        }
    }

    private record Connected(Peer peer, RecordingTransport transport) {
        List<JsonObject> frames(String type) {
            return transport.frames(type);
        }

        /** The userIds of this connection's {@code joined} or {@code left} presence events, in order. */
        List<String> presence(String change) {
            return frames("room:presence").stream()
                    .map(f -> f.getJsonObject("payload"))
                    .filter(p -> p.containsKey(change))
                    .map(p -> p.getJsonObject(change).getString("userId"))
                    .toList();
        }
    }

    private static void assertRefused(RefusedCall call, Problem expected) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.problem()).isEqualTo(expected));
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Refusal;
    }

    @FunctionalInterface
    private interface RefusedCall {
        void run() throws Refusal;
    }

    /** Re-checks {@code assertion} until it holds, or fails with its last failure after {@link #WITHIN}. */
    private static void eventually(Check assertion) throws Refusal {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }
}
