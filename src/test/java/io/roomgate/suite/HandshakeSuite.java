package io.roomgate.suite;

import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.rs256;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.Closure;
import io.roomgate.testing.PingIgnoringClient;
import io.roomgate.testing.Requests;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PROTOCOL §1: endpoint, credential carriers, Origin, outcome of the upgrade, first-frame auth. */
@DisplayName("§1 Handshake")
public abstract class HandshakeSuite {

    @Test
    void a_valid_bearer_header_opens_the_socket_and_hub_connected_arrives_at_once() {
        try (var client = WsClient.to(Target.rooms()).bearer(user("alice")).open()) {
            var connected = client.expect("hub:connected");
            assertThat(connected.payload().getString("userId")).isEqualTo("alice");
        }
    }

    @Test
    void the_bearer_subprotocol_entry_authenticates_and_only_rooms_v1_is_selected() {
        try (var client = WsClient.to(Target.rooms()).subprotocols("rooms.v1", "bearer." + user("bob")).open()) {
            assertThat(client.subprotocol()).isEqualTo("rooms.v1");
            assertThat(client.expect("hub:connected").payload().getString("userId")).isEqualTo("bob");
        }
    }

    @Test
    void a_bearer_entry_without_rooms_v1_is_ignored_and_the_socket_waits_for_hub_connect() {
        try (var client = WsClient.to(Target.rooms()).subprotocols("bearer." + user("bob")).open()) {
            client.send("{\"type\":\"ping\"}");
            assertUnauthorized(client, "JWT required", "Unauthorized");
        }
    }

    @Test
    void two_bearer_entries_are_a_failure() {
        try (var client = WsClient.to(Target.rooms())
                .subprotocols("rooms.v1", "bearer." + user("bob"), "bearer." + user("eve")).open()) {
            assertUnauthorized(client, "Invalid JWT: malformed", "Unauthorized");
        }
    }

    @Test
    void the_access_token_query_parameter_authenticates() {
        try (var client = WsClient.to(Target.rooms("access_token=" + user("carol"))).open()) {
            assertThat(client.expect("hub:connected").payload().getString("userId")).isEqualTo("carol");
        }
    }

    @Test
    void the_token_query_parameter_authenticates() {
        try (var client = WsClient.to(Target.rooms("token=" + user("dave"))).open()) {
            assertThat(client.expect("hub:connected").payload().getString("userId")).isEqualTo("dave");
        }
    }

    @Test
    void a_token_in_the_query_is_never_reflected_into_the_upgrade_response() {
        String token = user("query-echo");
        String signature = token.substring(token.lastIndexOf('.') + 1);
        var response = WsClient.to(Target.rooms("access_token=" + token)).upgradeResponse();
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.headers()).allSatisfy((name, value) -> assertThat(value).doesNotContain(signature));
    }

    @Test
    void a_query_token_far_over_the_size_limit_gets_malformed_over_the_socket() {
        String oversized = user("query-big") + "A".repeat(16 * 1024);
        try (var client = WsClient.to(Target.rooms("access_token=" + oversized)).open()) {
            assertUnauthorized(client, "Invalid JWT: malformed", "Unauthorized");
        }
    }

    @Test
    void access_token_is_searched_before_token() {
        try (var client = WsClient.to(Target.rooms("token=garbage&access_token=" + user("erin"))).open()) {
            assertThat(client.expect("hub:connected").payload().getString("userId")).isEqualTo("erin");
        }
    }

    @Test
    void an_invalid_first_match_is_a_failure_even_when_a_later_carrier_is_valid() {
        try (var client = WsClient.to(Target.rooms("access_token=" + user("frank"))).bearer("not-a-jwt").open()) {
            assertUnauthorized(client, "Invalid JWT: malformed", "Unauthorized");
        }
    }

    @Test
    void a_non_bearer_authorization_scheme_is_not_a_match() {
        try (var client = WsClient.to(Target.rooms("access_token=" + user("gina")))
                .header("Authorization", "Basic Z2luYTpzZWNyZXQ=").open()) {
            assertThat(client.expect("hub:connected").payload().getString("userId")).isEqualTo("gina");
        }
    }

    @Test
    void a_cookie_authenticates_when_the_origin_is_on_the_allow_list() {
        try (var client = WsClient.to(Target.rooms()).header("Origin", SuiteConfig.ALLOWED_ORIGIN)
                .header("Cookie", "other=1; rooms_token=" + user("hana")).open()) {
            assertThat(client.expect("hub:connected").payload().getString("userId")).isEqualTo("hana");
        }
    }

    @Test
    void a_cookie_without_an_origin_is_ignored() {
        try (var client = WsClient.to(Target.rooms()).header("Cookie", "rooms_token=" + user("hana")).open()) {
            client.send("{\"type\":\"ping\"}");
            assertUnauthorized(client, "JWT required", "Unauthorized");
        }
    }

    @Test
    void an_origin_that_is_not_listed_is_refused_with_403() {
        int status = WsClient.to(Target.rooms()).bearer(user("ivan")).header("Origin", "https://evil.example").upgradeStatus();
        assertThat(status).isEqualTo(403);
    }

    @Test
    void an_upgrade_without_origin_is_allowed_and_a_listed_origin_too() {
        assertThat(WsClient.to(Target.rooms()).bearer(user("ivan")).upgradeStatus()).isEqualTo(101);
        assertThat(WsClient.to(Target.rooms()).bearer(user("ivan")).header("Origin", SuiteConfig.ALLOWED_ORIGIN)
                .upgradeStatus()).isEqualTo(101);
    }

    @Test
    void an_invalid_credential_gets_hub_error_unauthorized_and_close_1008() {
        String wrongKey = claims("mallory").jws().keyId("rsa-1").sign(io.roomgate.testing.SuiteKeys.OTHER_RSA.getPrivate());
        try (var client = WsClient.to(Target.rooms()).bearer(wrongKey).open()) {
            assertUnauthorized(client, "Invalid JWT: signature verification failed", "Unauthorized");
        }
    }

    @Test
    void without_a_credential_hub_connect_with_a_jwt_authenticates() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{\"type\":\"hub:connect\",\"id\":\"c1\",\"payload\":{\"version\":\"1.0\",\"jwt\":\"" + user("judy") + "\"}}");
            var connected = client.expect("hub:connected");
            assertThat(connected.id()).isEqualTo("c1");
            assertThat(connected.payload().getString("userId")).isEqualTo("judy");
        }
    }

    @Test
    void hub_connect_without_a_version_means_1_0() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{\"type\":\"hub:connect\",\"payload\":{\"jwt\":\"" + user("judy") + "\"}}");
            client.expect("hub:connected");
        }
    }

    @Test
    void any_other_first_frame_gets_jwt_required_and_close_1008() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{\"type\":\"room:join\",\"payload\":{\"room\":\"lobby\"}}");
            assertUnauthorized(client, "JWT required", "Unauthorized");
        }
    }

    @Test
    void a_malformed_first_frame_gets_jwt_required() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{nope");
            assertUnauthorized(client, "JWT required", "Unauthorized");
        }
    }

    @Test
    void a_first_frame_the_parser_refuses_for_its_depth_or_number_length_gets_jwt_required() {
        for (String unparseable : RobustnessSuite.unparseableBelowTheFrameLimit()) {
            try (var client = WsClient.to(Target.rooms()).open()) {
                client.send(unparseable);
                assertUnauthorized(client, "JWT required", "Unauthorized");
            }
        }
    }

    @Test
    void a_binary_first_frame_gets_jwt_required() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.sendBinary(new byte[] {1, 2, 3});
            assertUnauthorized(client, "JWT required", "Unauthorized");
        }
    }

    @Test
    void hub_connect_without_a_jwt_gets_jwt_required() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{\"type\":\"hub:connect\",\"payload\":{\"version\":\"1.0\"}}");
            assertUnauthorized(client, "JWT required", "Unauthorized");
        }
    }

    @Test
    void an_invalid_jwt_in_hub_connect_is_refused_with_its_id() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{\"type\":\"hub:connect\",\"id\":\"c2\",\"payload\":{\"jwt\":\"x.y.z\"}}");
            var error = client.expect("hub:error");
            assertThat(error.id()).isEqualTo("c2");
            assertThat(error.errorMessage()).isEqualTo("Invalid JWT: malformed");
            assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1008, "Unauthorized");
        }
    }

    @Test
    void staying_silent_past_the_auth_timeout_gets_authentication_timeout() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            assertUnauthorized(client, "Authentication timeout", "Authentication timeout");
        }
    }

    @Test
    void another_major_version_is_refused_with_close_1002() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{\"type\":\"hub:connect\",\"payload\":{\"version\":\"2.0\",\"jwt\":\"" + user("kim") + "\"}}");
            var error = client.expect("hub:error");
            assertThat(error.errorCode()).isEqualTo("bad_request");
            assertThat(error.errorMessage()).isEqualTo("Unsupported version");
            assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1002, "Unsupported version");
        }
    }

    @Test
    void hub_connect_on_an_authenticated_connection_is_already_connected_and_the_socket_stays_open() {
        try (var client = WsClient.connected(Target.rooms(), user("leo"))) {
            client.send("{\"type\":\"hub:connect\",\"id\":\"again\",\"payload\":{\"jwt\":\"" + user("leo") + "\"}}");
            var error = client.expect("hub:error");
            assertThat(error.id()).isEqualTo("again");
            assertThat(error.errorMessage()).isEqualTo("Already connected");
            client.send("{\"type\":\"ping\",\"id\":\"p\"}");
            assertThat(client.expect("pong").id()).isEqualTo("p");
        }
    }

    @Test
    void nothing_is_registered_for_a_refused_connection() {
        String expired = rs256(claims("ghost").issuedAt(1_000).expiresAt(2_000));
        try (var refused = WsClient.to(Target.rooms()).bearer(expired).open();
             var observer = WsClient.connected(Target.rooms(), user("observer-ghost"))) {
            refused.awaitClose();
            observer.send(Requests.presence("default", "who"));
            var members = RoomsSuite.snapshotReply(observer, "who").payload().getJsonArray("members");
            assertThat(members.getValuesAs(jakarta.json.JsonObject.class)).extracting(m -> m.getString("userId"))
                    .contains("observer-ghost").doesNotContain("ghost");
        }
    }

    @Test
    void concurrent_handshakes_each_get_their_own_identity() {
        // The configurator hands the identity to the session through user properties; a container that
        // shared one map between simultaneous handshakes would let a socket become someone else.
        var users = IntStream.range(0, 24).mapToObj(i -> "parallel-" + i).toList();
        var opening = users.stream().map(u -> WsClient.to(Target.rooms()).bearer(user(u)).openAsync()).toList();
        var clients = opening.stream().map(CompletableFuture::join).toList();
        try {
            for (int i = 0; i < users.size(); i++) {
                assertThat(clients.get(i).expect("hub:connected").payload().getString("userId")).isEqualTo(users.get(i));
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /**
     * On Payara the server pings before it closes and closes when the pong is in (deployment.md); a
     * client that never answers still gets its close, after the server's wait for the pong.
     */
    @Test
    void a_client_that_never_answers_pings_still_gets_its_refusal_and_close() {
        try (var client = WsClient.to(Target.rooms()).bearer("not.a-valid.token").openIgnoringPings()) {
            var error = client.next().text();
            assertThat(error.type()).isEqualTo("hub:error");
            assertThat(error.errorMessage()).isEqualTo("Invalid JWT: malformed");
            var afterError = client.next();
            while (afterError.opcode() == PingIgnoringClient.PING) {
                afterError = client.next();
            }
            assertThat(afterError.closure()).isEqualTo(new Closure(1008, "Unauthorized"));
        }
    }

    static void assertUnauthorized(WsClient client, String message, String closeReason) {
        var error = client.expect("hub:error");
        assertThat(error.errorCode()).isEqualTo("unauthorized");
        assertThat(error.errorMessage()).isEqualTo(message);
        assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1008, closeReason);
    }

    static Duration quiet() {
        return Duration.ofMillis(300);
    }
}
