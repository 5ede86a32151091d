package io.roomgate.suite;

import static io.roomgate.testing.Requests.leave;
import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.Frame;
import io.roomgate.testing.HttpApi;
import io.roomgate.testing.Requests;
import io.roomgate.testing.ServerConfig;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.OpenClients;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PROTOCOL §2.0 on a server whose presence bounds are small ({@link SuiteConfig#alternate()}): a
 * snapshot lists {@link SuiteConfig#PRESENCE_SNAPSHOT_LIMIT} users, and a room of more than
 * {@link SuiteConfig#PRESENCE_EVENTS_LIMIT} users is large. Each test has a tenant of its own, so
 * its rooms hold only its own users.
 */
@DisplayName("§2.0 Large rooms")
@ServerConfig(ServerConfig.Kind.ALTERNATE)
public abstract class LargeRoomsSuite {

    private static final String ROOM = "big";
    private static final int LIMIT = SuiteConfig.PRESENCE_EVENTS_LIMIT;
    /**
     * The summaries' period, less what a busy server's delivery can take off it (a first summary sent
     * late, the next on time): far from the back-to-back frames of a summary per change.
     */
    private static final Duration SUMMARY_GAP = Duration.ofMillis(700);
    /** A second, plus room for a busy server and test machine. */
    private static final Duration SUMMARY_DELAY = Duration.ofMillis(3000);

    private final String tenant = "t-" + UUID.randomUUID();
    @RegisterExtension
    final OpenClients clients = new OpenClients();

    @Test
    void a_snapshot_counts_every_user_once_and_lists_the_first_by_code_point_then_pages_on_after_a_user() {
        String privateUse = "\uE000";
        String emoji = new String(Character.toChars(0x1F600));
        for (String userId : List.of(emoji, "b", privateUse, "a", "c")) {
            member(userId);
        }
        member("a");

        var joined = member("z").joined(ROOM).payload();
        assertThat(joined.getInt("count")).as("users, not connections").isEqualTo(6);
        assertThat(userIds(joined)).containsExactly("a", "b", "c");
        assertThat(joined.getBoolean("truncated")).isTrue();

        var rest = page(clients.get(0), "c");
        assertThat(userIds(rest)).as("U+1F600 after U+E000").containsExactly("z", privateUse, emoji);
        assertThat(rest.containsKey("truncated")).as("the last page").isFalse();
        assertThat(rest.getInt("count")).isEqualTo(6);
    }

    @Test
    void paging_after_the_last_user_of_each_page_lists_everyone_exactly_once() {
        var everyone = IntStream.rangeClosed(1, 8).mapToObj(i -> "user-" + i).toList();
        everyone.forEach(this::member);
        var reader = clients.get(0);

        var seen = new ArrayList<String>();
        JsonObject page = page(reader, null);
        seen.addAll(userIds(page));
        while (page.containsKey("truncated")) {
            assertThat(page.getBoolean("truncated")).isTrue();
            assertThat(userIds(page)).hasSize(SuiteConfig.PRESENCE_SNAPSHOT_LIMIT);
            page = page(reader, seen.get(seen.size() - 1));
            seen.addAll(userIds(page));
        }
        assertThat(seen).containsExactlyElementsOf(everyone.stream().sorted().toList());
        assertThat(userIds(page(reader, "user-55"))).as("after a user who is not there").containsExactly("user-6", "user-7", "user-8");
    }

    /** PROTOCOL §7: the HTTP API's presence is §2.0's snapshot too (the alternate configuration's role claim is app_role). */
    @Test
    void the_http_apis_presence_is_truncated_at_the_snapshot_limit_and_pages_on_after() {
        for (String userId : List.of("d", "b", "a", "c")) {
            member(userId);
        }
        String admin = hs256(claims("big-admin").claim("tenant_id", tenant).claim("app_role", "admin"));
        var first = Json.createReader(new StringReader(HttpApi.get("rooms/" + ROOM + "/presence", admin).body())).readObject();
        assertThat(userIds(first)).containsExactly("a", "b", "c");
        assertThat(first.getBoolean("truncated")).isTrue();
        assertThat(first.getInt("count")).isEqualTo(4);

        var rest = Json.createReader(new StringReader(HttpApi.get("rooms/" + ROOM + "/presence?after=c", admin).body())).readObject();
        assertThat(userIds(rest)).containsExactly("d");
        assertThat(rest.containsKey("truncated")).isFalse();
    }

    @Test
    void after_must_be_a_string() {
        var ann = member("ann");
        ann.send(Requests.frame("room:presence", "p", Json.createObjectBuilder().add("room", ROOM).add("after", 5).build()));

        ModerationSuite.assertError(ann.expect("hub:error"), "p", "bad_request", "Malformed frame");
    }

    @Test
    void up_to_the_limit_every_join_and_leave_is_announced_and_a_snapshot_within_its_limit_is_whole() {
        var watcher = member("u0");
        for (int i = 1; i < LIMIT; i++) {
            member("u" + i);
            assertThat(nextPresence(watcher).getJsonObject("joined").getString("userId")).isEqualTo("u" + i);
            if (i + 1 == SuiteConfig.PRESENCE_SNAPSHOT_LIMIT) {
                var snapshot = page(watcher, null);
                assertThat(snapshot.getInt("count")).isEqualTo(i + 1);
                assertThat(snapshot.containsKey("truncated")).isFalse();
            }
        }

        clients.get(1).send(leave(ROOM, "l"));
        assertThat(nextPresence(watcher).getJsonObject("left").getString("userId")).isEqualTo("u1");
    }

    @Test
    void a_large_room_sends_its_count_instead_of_joins_at_most_once_a_second() {
        var watcher = fillToTheLimit();

        member("over-1");
        long changed = System.nanoTime();
        var first = nextPresence(watcher);
        long firstAt = System.nanoTime();
        assertThat(first.keySet()).as("a summary only").containsExactlyInAnyOrder("room", "count");
        assertThat(first.getInt("count")).isEqualTo(LIMIT + 1);
        assertThat(Duration.ofNanos(firstAt - changed)).isLessThan(SUMMARY_DELAY);

        member("over-2");
        member("over-3");
        var second = nextPresence(watcher);
        long secondAt = System.nanoTime();
        assertThat(second.keySet()).containsExactlyInAnyOrder("room", "count");
        assertThat(second.getInt("count")).isIn(LIMIT + 2, LIMIT + 3);
        assertThat(Duration.ofNanos(secondAt - firstAt)).isGreaterThanOrEqualTo(SUMMARY_GAP);
        if (second.getInt("count") == LIMIT + 2) {
            assertThat(nextPresence(watcher).getInt("count")).isEqualTo(LIMIT + 3);
        }
        assertThat(watcher.poll(SUMMARY_DELAY)).as("no summary when the count has not changed").isEmpty();
    }

    @Test
    void a_large_room_sends_its_count_instead_of_leaves_and_announces_them_again_once_back_at_the_limit() {
        var watcher = fillToTheLimit();
        var extra = member("over-1");
        var leaving = member("over-2");
        watcher.nextMatching(f -> WsClient.isPresenceChange(f) && f.payload().getInt("count", 0) == LIMIT + 2);

        leaving.send(leave(ROOM, "l1"));
        var summary = nextPresence(watcher);
        assertThat(summary.keySet()).containsExactlyInAnyOrder("room", "count");
        assertThat(summary.getInt("count")).isEqualTo(LIMIT + 1);

        extra.send(leave(ROOM, "l2"));
        assertThat(nextPresence(watcher).getJsonObject("left").getString("userId")).as("back at the limit").isEqualTo("over-1");
        clients.get(1).send(leave(ROOM, "l3"));
        assertThat(nextPresence(watcher).getJsonObject("left").getString("userId")).isEqualTo("u1");
        member("again");
        assertThat(nextPresence(watcher).getJsonObject("joined").getString("userId")).isEqualTo("again");
    }

    @Test
    void a_version_1_0_client_gets_a_bounded_snapshot_and_only_frame_types_it_knows() {
        fillToTheLimit();
        var old = WsClient.to(Target.rooms()).open();
        clients.add(old);
        old.send("{\"type\":\"hub:connect\",\"payload\":{\"version\":\"1.0\",\"jwt\":\"" + token("old") + "\"}}");
        old.expect("hub:connected");

        var joined = old.joined(ROOM).payload();
        assertThat(userIds(joined)).hasSize(SuiteConfig.PRESENCE_SNAPSHOT_LIMIT);
        member("over-1");
        member("over-2");
        assertThat(nextPresence(old).getInt("count")).isIn(LIMIT + 2, LIMIT + 3);
        old.send(Requests.ping("p"));
        for (Frame frame = old.next(); !frame.type().equals("pong"); frame = old.next()) {
            assertThat(frame.type()).isEqualTo("room:presence");
            assertThat(frame.payload().keySet()).containsExactlyInAnyOrder("room", "count");
        }
    }

    /** The limit's worth of users in the room, the first of them watching, with the events of their joins read. */
    private WsClient fillToTheLimit() {
        var watcher = member("u0");
        for (int i = 1; i < LIMIT; i++) {
            member("u" + i);
            nextPresence(watcher);
        }
        return watcher;
    }

    /** A connection of {@code userId}, in the room. */
    private WsClient member(String userId) {
        var client = WsClient.connected(Target.rooms(), token(userId));
        clients.add(client);
        client.joined(ROOM);
        return client;
    }

    /** The alternate configuration requires a permissions claim (PROTOCOL §10): these users may do anything. */
    private String token(String userId) {
        return hs256(claims(userId).preferredUserName(userId).claim("tenant_id", tenant)
                .claim("permissions", List.of("join:*", "send:*")));
    }

    /** The room's members after {@code after}, or from the first without it. */
    private static JsonObject page(WsClient client, String after) {
        var payload = Json.createObjectBuilder().add("room", ROOM);
        if (after != null) {
            payload.add("after", after);
        }
        client.send(Requests.frame("room:presence", "page", payload.build()));
        var snapshot = client.nextMatching(f -> "page".equals(f.id()));
        assertThat(snapshot.type()).isEqualTo("room:presence");
        return snapshot.payload();
    }

    private static JsonObject nextPresence(WsClient client) {
        Frame frame = client.nextMatching(WsClient::isPresenceChange);
        assertThat(frame.payload().getString("room")).isEqualTo(ROOM);
        return frame.payload();
    }

    private static List<String> userIds(JsonObject payload) {
        return payload.getJsonArray("members").getValuesAs(JsonObject.class).stream().map(m -> m.getString("userId")).toList();
    }
}
