package io.roomgate.suite;

import static io.roomgate.testing.Requests.join;
import static io.roomgate.testing.Requests.leave;
import static io.roomgate.testing.Requests.presence;
import static io.roomgate.testing.Requests.send;
import static io.roomgate.testing.Requests.text;
import static io.roomgate.testing.Tokens.tenantUser;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.Frame;
import io.roomgate.testing.Requests;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PROTOCOL §2: join, leave, send, presence, echo, ids, room names and tenant scoping; §8 with history off (the default). */
@DisplayName("§2 Rooms")
public abstract class RoomsSuite {

    private static final Duration QUIET = Duration.ofMillis(300);

    @Test
    void joining_answers_room_joined_with_the_members_and_carries_the_id() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"));
             var ben = WsClient.connected(Target.rooms(), user("ben"))) {
            ann.send(join("r-join", "j1"));
            assertThat(ann.expect("room:joined").id()).isEqualTo("j1");
            ben.send(join("r-join", "j2"));
            var joined = ben.expect("room:joined");
            assertThat(joined.payload().getString("room")).isEqualTo("r-join");
            assertThat(userIds(joined.payload())).containsExactly("ann", "ben");
            assertThat(joined.payload().getInt("count")).isEqualTo(2);
            assertThat(joined.payload().containsKey("truncated")).isFalse();
        }
    }

    @Test
    void members_see_join_and_leave_presence_events_without_an_id() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"));
             var ben = WsClient.connected(Target.rooms(), user("ben"))) {
            ann.joined("r-presence");
            ben.send(join("r-presence", "x"));
            ben.expect("room:joined");
            var joined = ann.nextMatching(f -> f.type().equals("room:presence") && f.payload().getString("room").equals("r-presence"));
            assertThat(joined.id()).isNull();
            assertThat(joined.payload().getJsonObject("joined").getString("userId")).isEqualTo("ben");
            assertThat(joined.payload().getJsonObject("joined").getString("username")).isEqualTo("ben");
            ben.send(leave("r-presence", "l"));
            assertThat(ben.expect("room:left").payload().getString("room")).isEqualTo("r-presence");
            var left = ann.nextMatching(f -> f.type().equals("room:presence") && f.payload().containsKey("left"));
            assertThat(left.payload().getJsonObject("left").getString("userId")).isEqualTo("ben");
        }
    }

    @Test
    void a_disconnect_is_a_leave_for_the_other_members() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"))) {
            ann.joined("r-drop");
            try (var ben = WsClient.connected(Target.rooms(), user("ben"))) {
                ben.joined("r-drop");
            }
            var left = ann.nextMatching(f -> f.type().equals("room:presence") && f.payload().containsKey("left")
                    && f.payload().getString("room").equals("r-drop"));
            assertThat(left.payload().getJsonObject("left").getString("userId")).isEqualTo("ben");
        }
    }

    @Test
    void a_second_connection_of_the_same_user_is_not_a_new_member() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"));
             var ben1 = WsClient.connected(Target.rooms(), user("ben"));
             var ben2 = WsClient.connected(Target.rooms(), user("ben"))) {
            for (var client : List.of(ann, ben1, ben2)) {
                client.joined("r-dedupe");
            }
            ann.send(presence("r-dedupe", "p"));
            var snapshot = snapshotReply(ann, "p");
            assertThat(userIds(snapshot.payload())).containsExactly("ann", "ben");
        }
    }

    @Test
    void a_message_reaches_every_other_member_but_not_the_sender() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"));
             var ben = WsClient.connected(Target.rooms(), user("ben"));
             var cat = WsClient.connected(Target.rooms(), user("cat"))) {
            for (var client : List.of(ann, ben, cat)) {
                client.joined("r-send");
            }
            long before = System.currentTimeMillis();
            ann.send(send("r-send", text("hello")));
            for (var receiver : List.of(ben, cat)) {
                var message = receiver.nextOfType("room:message").payload();
                assertThat(message.getString("room")).isEqualTo("r-send");
                assertThat(message.getString("event")).isEqualTo("message");
                assertThat(message.getJsonObject("data").getString("text")).isEqualTo("hello");
                assertThat(message.getJsonObject("from").getString("userId")).isEqualTo("ann");
                assertThat(message.getJsonObject("from").getString("username")).isEqualTo("ann");
                assertThat(message.getJsonNumber("ts").longValue()).isBetween(before - 5_000, System.currentTimeMillis() + 5_000);
            }
            ann.send("{\"type\":\"ping\",\"id\":\"after\"}");
            assertThat(ann.nextMatching(f -> !f.type().equals("room:presence")).type()).isEqualTo("pong");
        }
    }

    @Test
    void with_history_off_no_frame_carries_an_epoch_or_offset_and_a_recovery_is_never_recovered() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"));
             var ben = WsClient.connected(Target.rooms(), user("ben"))) {
            var joined = ann.joined("r-nohist").payload();
            ben.send(Requests.frame("room:join", "since", Json.createObjectBuilder().add("room", "r-nohist")
                    .add("since", Json.createObjectBuilder().add("epoch", "any").add("offset", 3)).build()));
            var recovery = ben.expect("room:joined").payload();
            ann.send(send("r-nohist", text("hello")));

            assertThat(joined.keySet()).doesNotContain("epoch", "offset", "recovered");
            assertThat(recovery.getBoolean("recovered")).isFalse();
            assertThat(recovery.keySet()).doesNotContain("epoch", "offset");
            assertThat(ben.nextOfType("room:message").payload().keySet()).doesNotContain("offset");
        }
    }

    @Test
    void echo_sends_the_sender_its_own_message_as_the_reply_to_its_id() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"))) {
            ann.joined("r-echo");
            ann.send(send("r-echo", "typing", Json.createValue(42), true, "e1"));
            var echo = ann.expect("room:message");
            assertThat(echo.id()).isEqualTo("e1");
            assertThat(echo.payload().getString("event")).isEqualTo("typing");
            assertThat(echo.payload().getInt("data")).isEqualTo(42);
        }
    }

    @Test
    void any_json_value_is_valid_data() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"));
             var ben = WsClient.connected(Target.rooms(), user("ben"))) {
            for (var client : List.of(ann, ben)) {
                client.joined("r-data");
            }
            ann.send(send("r-data", Json.createArrayBuilder().add(1).add("two").addNull().build()));
            assertThat(ben.nextOfType("room:message").payload().getJsonArray("data").toString()).isEqualTo("[1,\"two\",null]");
            ann.send(send("r-data", JsonValue.NULL));
            assertThat(ben.nextOfType("room:message").payload().isNull("data")).isTrue();
        }
    }

    @Test
    void sending_to_a_room_you_are_not_in_is_forbidden_and_reaches_nobody() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"));
             var ben = WsClient.connected(Target.rooms(), user("ben"))) {
            ben.joined("r-closed");
            ann.send(send("r-closed", "message", text("sneaky"), false, "s1"));
            var error = ann.expect("hub:error");
            assertThat(error.id()).isEqualTo("s1");
            assertThat(error.errorCode()).isEqualTo("forbidden");
            assertThat(error.errorMessage()).isEqualTo("Not a member of this room");
            ben.expectSilence(QUIET);
        }
    }

    @Test
    void presence_of_a_room_you_are_not_in_is_forbidden() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"))) {
            ann.send(presence("r-elsewhere", "p"));
            var error = ann.expect("hub:error");
            assertThat(error.errorCode()).isEqualTo("forbidden");
            assertThat(error.errorMessage()).isEqualTo("Not a member of this room");
        }
    }

    @Test
    void leaving_a_room_you_are_not_in_is_not_found() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"))) {
            ann.send(leave("r-never", "l"));
            var error = ann.expect("hub:error");
            assertThat(error.id()).isEqualTo("l");
            assertThat(error.errorCode()).isEqualTo("not_found");
            assertThat(error.errorMessage()).isEqualTo("Not a member of this room");
        }
    }

    @Test
    void room_names_outside_the_alphabet_or_length_are_invalid() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"))) {
            for (String bad : List.of("", "has space", "slash/room", "ümlaut", "x".repeat(129))) {
                ann.send(join(bad, "bad"));
                var error = ann.expect("hub:error");
                assertThat(error.errorCode()).isEqualTo("bad_request");
                assertThat(error.errorMessage()).isEqualTo("Invalid room name");
            }
            ann.send(join("A-z_0.9:@-" + "x".repeat(118), "ok"));
            assertThat(ann.expect("room:joined").id()).isEqualTo("ok");
        }
    }

    @Test
    void room_names_are_case_sensitive() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"));
             var ben = WsClient.connected(Target.rooms(), user("ben"))) {
            ann.joined("CaseRoom");
            ben.send(join("caseroom", null));
            assertThat(userIds(ben.expect("room:joined").payload())).containsExactly("ben");
        }
    }

    @Test
    void the_default_room_is_joined_on_connect_and_can_be_left() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"))) {
            ann.send(presence("default", "p"));
            assertThat(userIds(snapshotReply(ann, "p").payload())).contains("ann");
            ann.send(leave("default", "l"));
            ann.expect("room:left");
        }
    }

    @Test
    void tenants_never_share_a_room_or_see_each_other() {
        try (var acme = WsClient.connected(Target.rooms(), tenantUser("ann", "acme"));
             var globex = WsClient.connected(Target.rooms(), tenantUser("ben", "globex"));
             var noTenant = WsClient.connected(Target.rooms(), user("cat"))) {
            for (var client : List.of(acme, globex, noTenant)) {
                client.send(join("r-shared-name", null));
                assertThat(userIds(client.expect("room:joined").payload())).hasSize(1);
            }
            acme.send(send("r-shared-name", text("acme only")));
            globex.expectSilence(QUIET);
            noTenant.expectSilence(Duration.ZERO);
        }
    }

    @Test
    void joining_more_rooms_than_allowed_is_refused_and_the_connection_stays_open() {
        try (var ann = WsClient.connected(Target.rooms(), user("ann"))) {
            // the default room counts
            for (int i = 1; i < SuiteConfig.ROOMS_PER_CONNECTION; i++) {
                ann.send(join("r-many-" + i, null));
                ann.expect("room:joined");
            }
            ann.send(join("r-one-too-many", "over"));
            var error = ann.expect("hub:error");
            assertThat(error.id()).isEqualTo("over");
            assertThat(error.errorCode()).isEqualTo("rate_limited");
            assertThat(error.payload().getJsonObject("details").getString("limit")).isEqualTo("rooms-per-connection");
            ann.send(join("r-many-1", "rejoin"));
            assertThat(ann.expect("room:joined").id()).isEqualTo("rejoin");
        }
    }

    @Test
    void connecting_more_often_than_allowed_per_user_is_refused_with_1013() {
        var open = new ArrayList<WsClient>();
        try {
            for (int i = 0; i < SuiteConfig.CONNECTIONS_PER_USER; i++) {
                open.add(WsClient.connected(Target.rooms(), user("greedy")));
            }
            try (var extra = WsClient.to(Target.rooms()).bearer(user("greedy")).open()) {
                var error = extra.expect("hub:error");
                assertThat(error.errorCode()).isEqualTo("rate_limited");
                assertThat(extra.awaitClose()).extracting("code", "reason").containsExactly(1013, "Rate limited");
            }
        } finally {
            open.forEach(WsClient::close);
        }
    }

    static List<String> userIds(JsonObject payload) {
        return payload.getJsonArray("members").getValuesAs(JsonObject.class).stream().map(m -> m.getString("userId")).toList();
    }

    static Frame snapshotReply(WsClient client, String id) {
        return client.nextMatching(f -> f.type().equals("room:presence") && id.equals(f.id()));
    }
}
