package io.roomgate.suite;

import static io.roomgate.suite.HandshakeSuite.assertUnauthorized;
import static io.roomgate.suite.ModerationSuite.assertError;
import static io.roomgate.suite.ModerationSuite.joinAll;
import static io.roomgate.testing.Requests.join;
import static io.roomgate.testing.Requests.kick;
import static io.roomgate.testing.Requests.refresh;
import static io.roomgate.testing.Requests.send;
import static io.roomgate.testing.Requests.text;
import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.permitted;
import static io.roomgate.testing.Tokens.rs256;
import static io.roomgate.testing.Tokens.tenantUser;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.Frame;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PROTOCOL §10: what a token's permissions claim lets its holder do, room by room. */
@DisplayName("§10 Permissions")
public abstract class PermissionsSuite {

    private static final Duration QUIET = Duration.ofMillis(300);

    @Test
    void a_token_without_the_claim_may_do_what_1_0_allows_and_hub_connected_has_no_permissions() {
        try (var client = WsClient.to(Target.rooms()).bearer(user("p-free")).open();
             var other = WsClient.connected(Target.rooms(), user("p-free-other"))) {
            var connected = client.expect("hub:connected").payload();
            assertThat(connected.containsKey("permissions")).isFalse();
            assertThat(connected.getJsonArray("rooms").getValuesAs(JsonString.class)).extracting(JsonString::getString)
                    .containsExactly("default");
            joinAll("p-free-room", client, other);
            client.send(send("p-free-room", text("hi")));
            assertThat(other.expect("room:message").payload().getJsonObject("data").getString("text")).isEqualTo("hi");
        }
    }

    @Test
    void hub_connected_lists_the_claim_in_the_token_order_and_an_empty_claim_as_empty() {
        var listed = connectedPayload(permitted("p-listed", List.of("send:b", "join:*", "send:a")));
        assertThat(strings(listed.getJsonArray("permissions"))).containsExactly("send:b", "join:*", "send:a");
        var empty = connectedPayload(permitted("p-empty", List.of()));
        assertThat(strings(empty.getJsonArray("permissions"))).isEmpty();
        assertThat(strings(empty.getJsonArray("rooms"))).as("not even the default room").isEmpty();
    }

    @Test
    void an_exact_pattern_allows_that_room_only() {
        try (var client = WsClient.connected(Target.rooms(), permitted("p-exact", List.of("join:p-lobby")))) {
            client.send(join("p-lobby", "j1"));
            assertThat(client.expect("room:joined").id()).isEqualTo("j1");
            for (String room : List.of("p-lobby2", "p-Lobby", "p-lob")) {
                assertRefused(client, join(room, "j-" + room), "j-" + room);
            }
        }
    }

    @Test
    void a_prefix_pattern_allows_every_room_starting_with_it_that_name_itself_included() {
        try (var client = WsClient.connected(Target.rooms(), permitted("p-prefix", List.of("join:p-team-42:*")))) {
            client.joined("p-team-42:general");
            client.joined("p-team-42:");
            assertRefused(client, join("p-team-42", "j"), "j");
            assertRefused(client, join("p-team-420:x", "j2"), "j2");
        }
    }

    @Test
    void a_lone_star_allows_every_room_for_its_action_only() {
        try (var client = WsClient.connected(Target.rooms(), permitted("p-star", List.of("join:*")));
             var other = WsClient.connected(Target.rooms(), user("p-star-other"))) {
            joinAll("p-star-anywhere", client, other);
            assertRefused(client, sendWithId("p-star-anywhere", "s"), "s");
            other.expectSilence(QUIET);
        }
    }

    @Test
    void sending_needs_a_matching_send_permission_and_it_is_judged_before_membership() {
        try (var client = WsClient.connected(Target.rooms(), permitted("p-sender", List.of("join:*", "send:p-talk")));
             var other = WsClient.connected(Target.rooms(), user("p-listener"))) {
            joinAll("p-talk", client, other);
            joinAll("p-hush", client, other);
            assertRefused(client, sendWithId("p-hush", "s1"), "s1");
            assertRefused(client, sendWithId("p-not-joined", "s2"), "s2");
            client.send(send("p-talk", text("allowed")));
            var message = other.expect("room:message").payload();
            assertThat(message.getString("room")).as("nothing of p-hush came first").isEqualTo("p-talk");
        }
    }

    @Test
    void the_frame_is_judged_first_then_permissions_then_bans() {
        try (var mod = WsClient.connected(Target.rooms(), user("p-bans-mod", "moderator"))) {
            try (var target = WsClient.connected(Target.rooms(), user("p-banned"))) {
                joinAll("p-ban-room", mod, target);
                mod.send(kick("p-ban-room", "p-banned", null, 60L, "k"));
                mod.nextOfType("hub:ok");
                target.awaitClose();
            }
            try (var again = WsClient.connected(Target.rooms(), permitted("p-banned", List.of("join:p-other")))) {
                assertRefused(again, join("p-ban-room", "j1"), "j1");
                again.send(join("p-bad name", "j2"));
                assertError(again.expect("hub:error"), "j2", "bad_request", "Invalid room name");
            }
        }
    }

    @Test
    void a_kick_permission_lets_a_user_without_a_moderating_role_kick_in_its_rooms_only() {
        try (var warden = WsClient.connected(Target.rooms(), permitted("p-warden", List.of("join:*", "kick:p-arena")));
             var target = WsClient.connected(Target.rooms(), user("p-kicked"))) {
            joinAll("p-elsewhere", warden, target);
            assertRefused(warden, kick("p-elsewhere", "p-kicked", null, null, "k1"), "k1");
            joinAll("p-arena", warden, target);
            warden.send(kick("p-arena", "p-kicked", "out", null, "k2"));
            assertThat(target.nextOfType("user:kicked").payload().getString("by")).isEqualTo("p-warden");
            assertThat(target.awaitClose()).extracting("code", "reason").containsExactly(1008, "Kicked by moderator");
            assertThat(warden.nextMatching(f -> "k2".equals(f.id())).type()).isEqualTo("hub:ok");
        }
    }

    @Test
    void a_kick_permission_never_lets_anyone_kick_an_admin() {
        try (var warden = WsClient.connected(Target.rooms(), permitted("p-warden2", List.of("join:*", "kick:*")));
             var admin = WsClient.connected(Target.rooms(), user("p-admin", "admin"))) {
            joinAll("p-admins-room", warden, admin);
            assertRefused(warden, kick("p-admins-room", "p-admin", null, null, "k"), "k");
            admin.expectSilence(QUIET);
        }
    }

    @Test
    void a_moderator_whose_claim_has_no_kick_still_kicks_by_role() {
        try (var mod = WsClient.connected(Target.rooms(), permitted("p-mod", List.of("join:*"), "moderator"));
             var target = WsClient.connected(Target.rooms(), user("p-mod-target"))) {
            joinAll("p-mod-room", mod, target);
            mod.send(kick("p-mod-room", "p-mod-target", null, null, "k"));
            assertThat(mod.nextMatching(f -> "k".equals(f.id())).type()).isEqualTo("hub:ok");
        }
    }

    @Test
    void the_default_room_needs_a_join_permission_and_a_refused_one_leaves_rooms_empty() {
        try (var client = WsClient.to(Target.rooms()).bearer(permitted("p-no-default", List.of("join:p-x"))).open()) {
            assertThat(strings(client.expect("hub:connected").payload().getJsonArray("rooms"))).isEmpty();
            assertRefused(client, join("default", "j"), "j");
        }
        var allowed = connectedPayload(permitted("p-default", List.of("join:default")));
        assertThat(strings(allowed.getJsonArray("rooms"))).containsExactly("default");
    }

    @Test
    void a_malformed_claim_is_claims_rejected_through_every_carrier() {
        String bad = rs256(claims("p-bad").claim("permissions", List.of("join:a*b")));
        List<Function<String, WsClient>> carriers = List.of(
                token -> WsClient.to(Target.rooms()).bearer(token).open(),
                token -> WsClient.to(Target.rooms()).subprotocols("rooms.v1", "bearer." + token).open(),
                token -> WsClient.to(Target.rooms("access_token=" + token)).open(),
                token -> WsClient.to(Target.rooms()).open().send(AlternateConfigSuite.connect(token)),
                token -> WsClient.connected(Target.rooms(), user("p-bad")).send(refresh(token, "r")));
        for (var carrier : carriers) {
            try (var client = carrier.apply(bad)) {
                assertUnauthorized(client, "Invalid JWT: claims rejected", "Unauthorized");
            }
        }
    }

    @Test
    void every_malformed_form_is_claims_rejected() {
        List<Object> malformed = List.of("join:a", Map.of("join", "a"), List.of("join:a", 7), List.of("fly:a"),
                List.of("join:"), List.of("join"), List.of("join:**"), List.of("join:*a"), List.of("join:a b"));
        for (Object claim : malformed) {
            try (var client = WsClient.to(Target.rooms()).open()) {
                client.send(AlternateConfigSuite.connect(rs256(claims("p-malformed").claim("permissions", claim))));
                assertUnauthorized(client, "Invalid JWT: claims rejected", "Unauthorized");
            }
        }
    }

    @Test
    void a_narrower_refresh_leaves_the_rooms_no_longer_joinable_at_once() {
        try (var client = WsClient.connected(Target.rooms(), user("p-narrowed"));
             var keeper = WsClient.connected(Target.rooms(), user("p-keeper"));
             var watcher = WsClient.connected(Target.rooms(), user("p-watcher"))) {
            joinAll("p-kept", client, keeper);
            joinAll("p-lost", client, watcher);
            client.send(refresh(permitted("p-narrowed", List.of("join:p-kept")), "r"));
            assertThat(client.nextMatching(f -> !WsClient.isPresenceChange(f)).type()).isEqualTo("token:refreshed");
            Set<String> left = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                Frame frame = client.expect("room:left");
                assertThat(frame.id()).isNull();
                left.add(frame.payload().getString("room"));
            }
            assertThat(left).containsExactlyInAnyOrder("p-lost", "default");
            var gone = watcher.nextMatching(f -> WsClient.isPresenceChange(f) && f.payload().getString("room").equals("p-lost")
                    && f.payload().containsKey("left"));
            assertThat(gone.payload().getJsonObject("left").getString("userId")).isEqualTo("p-narrowed");
            keeper.send(send("p-kept", text("still here")));
            assertThat(client.expect("room:message").payload().getString("room")).isEqualTo("p-kept");
            assertRefused(client, join("p-lost", "j"), "j");
        }
    }

    @Test
    void a_wider_refresh_allows_more_and_leaves_nothing() {
        try (var client = WsClient.connected(Target.rooms(), permitted("p-widened", List.of("join:p-w1")))) {
            client.joined("p-w1");
            assertRefused(client, join("p-w2", "j1"), "j1");
            client.send(refresh(permitted("p-widened", List.of("join:p-w*", "send:p-w*")), "r"));
            assertThat(client.expect("token:refreshed").id()).isEqualTo("r");
            client.send(join("p-w2", "j2"));
            assertThat(client.expect("room:joined").id()).as("no room:left came first").isEqualTo("j2");
            client.send(send("p-w1", "chat", text("now allowed"), true, "s"));
            assertThat(client.expect("room:message").id()).isEqualTo("s");
        }
    }

    @Test
    void permissions_never_reach_across_tenants() {
        try (var warden = WsClient.connected(Target.rooms(),
                     rs256(claims("p-t-warden").claim("tenant_id", "acme").claim("permissions", List.of("join:*", "send:*", "kick:*"))));
             var stranger = WsClient.connected(Target.rooms(), tenantUser("p-t-stranger", "globex"))) {
            joinAll("p-t-room", warden, stranger);
            warden.send(send("p-t-room", text("acme only")));
            warden.send(kick("p-t-room", "p-t-stranger", null, null, "k"));
            assertError(warden.expect("hub:error"), "k", "not_found", "User not in room");
            stranger.expectSilence(QUIET);
        }
    }

    private static JsonObject connectedPayload(String token) {
        try (var client = WsClient.to(Target.rooms()).bearer(token).open()) {
            return client.expect("hub:connected").payload();
        }
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /** Sends a frame with {@code id} and expects PROTOCOL §10's refusal in reply. */
    private static void assertRefused(WsClient client, String frame, String id) {
        client.send(frame);
        assertError(client.expect("hub:error"), id, "forbidden", "Insufficient permissions");
    }

    /** A {@code room:send} with an id, so that its refusal can be told from other frames. */
    private static String sendWithId(String room, String id) {
        return send(room, "message", text("x"), false, id);
    }
}
