package io.roomgate.suite;

import static io.roomgate.testing.ApiAnswers.assertProblem;
import static io.roomgate.testing.ApiAnswers.json;
import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PROTOCOL §8 on a server keeping {@link SuiteConfig#HISTORY_SIZE} messages per room for
 * {@link SuiteConfig#HISTORY_TTL_SECONDS} s ({@link SuiteConfig#alternate()}). Each test has a tenant
 * of its own, so its rooms and their histories are its own.
 */
@DisplayName("§8 History and recovery")
@ServerConfig(ServerConfig.Kind.ALTERNATE)
public abstract class HistorySuite {

    private static final String ROOM = "hist";
    private static final int SIZE = SuiteConfig.HISTORY_SIZE;

    private final String tenant = "t-" + UUID.randomUUID();
    @RegisterExtension
    final OpenClients clients = new OpenClients();

    @Test
    void every_member_gets_the_same_contiguous_offsets_in_offset_order() {
        var ann = member("ann");
        var ben = member("ben");
        var cid = member("cid");
        for (int i = 0; i < 6; i++) {
            (i % 2 == 0 ? ann : ben).send(Requests.send(ROOM, "message", Json.createValue(i), true, "s" + i));
        }

        var seen = List.of(messages(ann, 6), messages(ben, 6), messages(cid, 6));
        for (var messages : seen) {
            assertThat(messages).extracting(m -> m.getJsonNumber("offset").longValue())
                    .as("offsets from 1, by one, in order").containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
        assertThat(seen.get(1)).as("the same message at each offset").isEqualTo(seen.get(0));
        assertThat(seen.get(2)).isEqualTo(seen.get(0));
    }

    @Test
    void a_member_that_drops_recovers_what_was_sent_meanwhile_before_the_next_live_message() {
        var ann = member("ann");
        var ben = connect("ben");
        var joined = join(ben).payload();
        assertThat(joined.getInt("offset")).isZero();
        assertThat(joined.containsKey("recovered")).as("no recovery asked").isFalse();
        say(ann, "before");
        long seen = messages(ben, 1).get(0).getJsonNumber("offset").longValue();
        ben.close();

        say(ann, "while away 1");
        say(ann, "while away 2");
        var back = connectWithVersion("ben", "1.1");
        back.send(join(ROOM, "back", joined.getString("epoch"), seen));
        say(ann, "live");

        var reply = back.expect("room:joined").payload();
        assertThat(reply.getBoolean("recovered")).isTrue();
        assertThat(reply.getString("epoch")).isEqualTo(joined.getString("epoch"));
        assertThat(messages(back, 3)).extracting(m -> m.getString("data"))
                .as("the replay, then the live message, each once")
                .containsExactly("while away 1", "while away 2", "live");
        assertThat(reply.getInt("offset")).isIn(3, 4);
        back.expectSilence(Duration.ofMillis(300));
    }

    @Test
    void a_join_racing_a_stream_of_messages_gets_every_message_after_its_place_once_and_in_order() {
        var ann = member("ann");
        say(ann, "first");
        String epoch = epochOf(ann);
        var ben = connect("ben");
        for (int i = 0; i < 3; i++) {
            ann.send(Requests.send(ROOM, Json.createValue("before " + i)));
        }
        ben.send(join(ROOM, "racing", epoch, 1));
        for (int i = 0; i < 20; i++) {
            ann.send(Requests.send(ROOM, Json.createValue("during " + i)));
        }
        say(ann, "last");

        var reply = ben.expect("room:joined").payload();
        var offsets = new ArrayList<Long>();
        for (var message = ben.nextOfType("room:message").payload(); ; message = ben.nextOfType("room:message").payload()) {
            offsets.add(message.getJsonNumber("offset").longValue());
            if (message.getString("data").equals("last")) {
                break;
            }
        }
        long from = reply.getBoolean("recovered") ? 2 : reply.getJsonNumber("offset").longValue() + 1;
        assertThat(offsets).as("recovered: %s", reply.getBoolean("recovered"))
                .containsExactlyElementsOf(LongStream.rangeClosed(from, 25).boxed().toList());
    }

    @Test
    void a_gap_beyond_the_history_size_is_not_recovered_and_nothing_is_replayed() {
        var ann = member("ann");
        var ben = connect("ben");
        var joined = join(ben).payload();
        ben.close();
        for (int i = 0; i <= SIZE; i++) {
            say(ann, "m" + i);
        }

        var back = connect("ben");
        var reply = joinFrom(back, joined.getString("epoch"), 0).payload();
        say(ann, "live");

        assertThat(reply.getBoolean("recovered")).isFalse();
        assertThat(reply.getInt("offset")).isEqualTo(SIZE + 1);
        assertThat(messages(back, 1)).extracting(m -> m.getString("data")).containsExactly("live");
        // SIZE + 2 messages so far: the last SIZE are kept
        var after = joinFrom(connect("cid"), joined.getString("epoch"), 2).payload();
        assertThat(after.getBoolean("recovered")).as("from the oldest kept message on").isTrue();
    }

    @Test
    void the_byte_bound_drops_the_oldest_messages_first() {
        var ann = member("ann");
        String big = "x".repeat(3000);
        say(ann, big);
        say(ann, big);

        var fromStart = joinFrom(connect("ben"), epochOf(ann), 0).payload();
        var fromFirst = joinFrom(connect("cid"), epochOf(ann), 1).payload();

        assertThat(fromStart.getBoolean("recovered")).as("the first no longer fits").isFalse();
        assertThat(fromFirst.getBoolean("recovered")).isTrue();
    }

    @Test
    void a_since_of_another_epoch_is_not_recovered() {
        var ann = member("ann");
        say(ann, "hello");

        var reply = joinFrom(connect("ben"), "not-this-rooms-epoch", 0).payload();

        assertThat(reply.getBoolean("recovered")).isFalse();
        assertThat(reply.getString("epoch")).isNotEqualTo("not-this-rooms-epoch");
        assertThat(reply.getInt("offset")).isEqualTo(1);
    }

    @Test
    void a_malformed_since_is_a_bad_request_and_joins_nothing() {
        var ann = member("ann");
        say(ann, "hello");
        String epoch = epochOf(ann);
        var ben = connect("ben");
        List<JsonValue> malformed = List.of(
                Json.createValue("x"),
                Json.createObjectBuilder().add("epoch", 1).add("offset", 0).build(),
                Json.createObjectBuilder().add("epoch", epoch).add("offset", -1).build(),
                Json.createObjectBuilder().add("epoch", epoch).add("offset", 1.5).build(),
                Json.createObjectBuilder().add("epoch", epoch).build(),
                Json.createObjectBuilder().add("epoch", epoch).add("offset", 2).build());

        for (JsonValue since : malformed) {
            ben.send(Requests.frame("room:join", "bad", Json.createObjectBuilder().add("room", ROOM).add("since", since).build()));
            var error = ben.expect("hub:error");
            assertThat(error.id()).isEqualTo("bad");
            assertThat(error.errorCode()).as(since.toString()).isEqualTo("bad_request");
            assertThat(error.errorMessage()).isEqualTo("Malformed frame");
        }
        ben.send(Requests.send(ROOM, "message", Json.createValue("x"), false, "s"));
        assertThat(ben.expect("hub:error").errorMessage()).isEqualTo("Not a member of this room");
    }

    @Test
    void a_banned_user_gets_the_ban_whatever_since_says() {
        var mod = WsClient.connected(Target.rooms(), token("mod", "moderator"));
        clients.add(mod);
        mod.joined(ROOM);
        var ben = member("ben");
        say(mod, "hello");
        var seen = messages(ben, 1).get(0);
        kick(mod, "ben", 60L);

        var back = connect("ben");
        back.send(join(ROOM, "back", epochOf(mod), seen.getJsonNumber("offset").longValue()));

        var error = back.expect("hub:error");
        assertThat(error.errorCode()).isEqualTo("forbidden");
        assertThat(error.errorMessage()).isEqualTo("Banned from room");
    }

    @Test
    void another_tenants_room_of_the_same_name_has_its_own_history() {
        var ann = member("ann");
        say(ann, "secret");
        String epoch = epochOf(ann);

        var other = WsClient.connected(Target.rooms(), hs256(claims("eve").claim("tenant_id", tenant + "-other")
                .claim("permissions", List.of("join:*", "send:*"))));
        clients.add(other);
        var reply = joinFrom(other, epoch, 0).payload();

        assertThat(reply.getBoolean("recovered")).isFalse();
        assertThat(reply.getString("epoch")).isNotEqualTo(epoch);
        assertThat(reply.getInt("offset")).isZero();
        other.expectSilence(Duration.ofMillis(300));
    }

    @Test
    void a_message_published_over_http_is_kept_and_replayed_as_it_was_delivered() {
        var ben = member("ben");
        var answer = HttpApi.post("rooms/" + ROOM + "/messages", admin(), "{\"event\":\"notice\",\"data\":{\"text\":\"maintenance\"}}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        var live = messages(ben, 1).get(0);
        assertThat(live.getJsonObject("from").getString("userId")).isEqualTo("server");

        var late = connect("cid");
        var reply = joinFrom(late, epochOf(ben), 0).payload();

        assertThat(reply.getBoolean("recovered")).isTrue();
        assertThat(messages(late, 1)).containsExactly(live);
    }

    @Test
    void presence_and_kicks_take_no_offset_and_are_not_replayed() {
        var mod = WsClient.connected(Target.rooms(), token("mod", "moderator"));
        clients.add(mod);
        mod.joined(ROOM);
        String epoch = epochOf(mod);
        member("cid").close();
        var dan = member("dan");
        kick(mod, "dan", null);
        dan.awaitClose();
        say(mod, "only this");

        var ben = connect("ben");
        var reply = joinFrom(ben, epoch, 0).payload();

        assertThat(reply.getBoolean("recovered")).isTrue();
        assertThat(reply.getInt("offset")).isEqualTo(1);
        var replayed = ben.nextOfType("room:message").payload();
        assertThat(replayed.getString("data")).isEqualTo("only this");
        assertThat(replayed.getInt("offset")).isEqualTo(1);
    }

    @Test
    void a_rooms_history_is_lost_once_its_ttl_passes_without_a_message_and_its_epoch_changes() {
        var ann = member("ann");
        say(ann, "soon gone");
        String epoch = epochOf(ann);

        await().atMost(Duration.ofSeconds(SuiteConfig.HISTORY_TTL_SECONDS * 4L)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try (var probe = connect("probe")) {
                        return !join(probe).payload().getString("epoch").equals(epoch);
                    }
                });
        var reply = joinFrom(connect("ben"), epoch, 0).payload();

        assertThat(reply.getBoolean("recovered")).isFalse();
        assertThat(reply.getInt("offset")).as("offsets start again").isZero();
    }

    @Test
    void a_version_1_0_client_sees_the_frames_it_knows_with_their_fields() {
        var ann = member("ann");
        var old = connectWithVersion("old", "1.0");
        var joined = old.joined(ROOM).payload();
        say(ann, "hi");

        assertThat(joined.keySet()).contains("room", "members", "count");
        var message = old.next();
        assertThat(message.type()).isEqualTo("room:message");
        assertThat(message.payload().keySet()).contains("room", "event", "data", "from", "ts");
        old.expectSilence(Duration.ofMillis(300));
    }

    @Test
    void the_http_history_lists_kept_messages_after_since_oldest_first_to_admins_of_the_tenant() {
        var ann = member("ann");
        for (int i = 1; i <= SIZE + 2; i++) {
            say(ann, "m" + i);
        }
        String epoch = epochOf(ann);

        var all = json(HttpApi.get(history(""), admin()));
        assertThat(all.getString("room")).isEqualTo(ROOM);
        assertThat(all.getString("epoch")).isEqualTo(epoch);
        assertThat(all.getInt("offset")).isEqualTo(SIZE + 2);
        assertThat(all.getJsonArray("messages").getValuesAs(JsonObject.class))
                .extracting(m -> m.getJsonNumber("offset").longValue())
                .containsExactlyElementsOf(LongStream.rangeClosed(3, SIZE + 2).boxed().toList());
        var page = json(HttpApi.get(history("?since=4&limit=2"), admin()));
        assertThat(page.getJsonArray("messages").getValuesAs(JsonObject.class)).extracting(m -> m.getString("data"))
                .containsExactly("m5", "m6");
        assertThat(json(HttpApi.get(history("?limit=1000"), admin())).getJsonArray("messages")).hasSize(SIZE);

        assertProblem(HttpApi.get(history("?since=-1"), admin()), 400, "bad_request", "Malformed request");
        assertProblem(HttpApi.get(history("?limit=many"), admin()), 400, "bad_request", "Malformed request");
        assertProblem(HttpApi.get(history(""), token("ann")), 403, "forbidden", "Insufficient permissions");
        assertProblem(HttpApi.get(history("?tenant=someone-else"), admin()), 403, "forbidden", "Insufficient permissions");
        var elsewhere = json(HttpApi.get(history(""), hs256(claims("boss").claim("tenant_id", tenant + "-other")
                .claim("app_role", "admin"))));
        assertThat(elsewhere.getString("epoch")).isNotEqualTo(epoch);
        assertThat(elsewhere.getJsonArray("messages")).isEmpty();
    }

    // --- helpers

    private static String history(String query) {
        return "rooms/" + ROOM + "/history" + query;
    }

    private String admin() {
        return hs256(claims("boss").claim("tenant_id", tenant).claim("app_role", "admin"));
    }

    /** The alternate configuration requires a permissions claim (PROTOCOL §10): these users may do anything. */
    private String token(String userId, String... role) {
        var claims = claims(userId).preferredUserName(userId).claim("tenant_id", tenant)
                .claim("permissions", List.of("join:*", "send:*", "kick:*"));
        return hs256(role.length == 0 ? claims : claims.claim("app_role", role[0]));
    }

    private WsClient connect(String userId) {
        var client = WsClient.connected(Target.rooms(), token(userId));
        clients.add(client);
        return client;
    }

    /** A connection that authenticates with {@code hub:connect} of that protocol version, as a browser client does. */
    private WsClient connectWithVersion(String userId, String version) {
        var client = WsClient.to(Target.rooms()).open();
        clients.add(client);
        client.send(Requests.frame("hub:connect", null, Json.createObjectBuilder()
                .add("version", version).add("jwt", token(userId)).build()));
        client.expect("hub:connected");
        return client;
    }

    /** A connection of {@code userId}, in the room. */
    private WsClient member(String userId) {
        var client = connect(userId);
        client.joined(ROOM);
        return client;
    }

    /** Sends {@code text} to the room and waits for its echo: the message is kept once this returns. */
    private static void say(WsClient client, String text) {
        client.send(Requests.send(ROOM, "message", Json.createValue(text), true, "said"));
        client.nextMatching(frame -> "said".equals(frame.id()));
    }

    /** Kicks {@code userId} out of the room and waits for the moderator's {@code hub:ok}. */
    private static void kick(WsClient moderator, String userId, Long banSeconds) {
        moderator.send(Requests.kick(ROOM, userId, null, banSeconds, "kick"));
        assertThat(moderator.nextMatching(frame -> "kick".equals(frame.id())).type()).isEqualTo("hub:ok");
    }

    /** The room's epoch, as a join of {@code client} (already a member) reads it. */
    private static String epochOf(WsClient client) {
        return join(client).payload().getString("epoch");
    }

    private static Frame join(WsClient client) {
        return joined(client.send(Requests.join(ROOM, "j")));
    }

    /** Joins the room asking for the messages after {@code offset} of {@code epoch}. */
    private static Frame joinFrom(WsClient client, String epoch, long offset) {
        return joined(client.send(join(ROOM, "j", epoch, offset)));
    }

    private static Frame joined(WsClient client) {
        var reply = client.expect("room:joined");
        assertThat(reply.id()).isEqualTo("j");
        return reply;
    }

    private static String join(String room, String id, String epoch, long offset) {
        return Requests.frame("room:join", id, Json.createObjectBuilder().add("room", room)
                .add("since", Json.createObjectBuilder().add("epoch", epoch).add("offset", offset)).build());
    }

    /** The payloads of the next {@code count} messages of the room. */
    private static List<JsonObject> messages(WsClient client, int count) {
        var messages = new ArrayList<JsonObject>();
        while (messages.size() < count) {
            messages.add(client.nextOfType("room:message").payload());
        }
        return messages;
    }
}
