package io.roomgate.suite;

import static io.roomgate.suite.HandshakeSuite.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.Requests;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Tokens;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The default mode, {@code roomgate.auth.required=true}, against the seeds' auth-mode table: only
 * verified JWTs and the server-bypass secret get in (no token at all: first-frame auth, in the
 * handshake suite).
 */
@DisplayName("§1 Auth modes: required")
public abstract class AuthModesSuite {

    /** The user id PROTOCOL §1 reserves for the bypass. */
    private static final String SERVER_USER = "server";

    @Test
    void the_server_bypass_secret_as_a_bearer_credential_is_user_server_with_role_server() {
        try (var client = WsClient.connected(Target.rooms(), SuiteKeys.BYPASS_SECRET)) {
            // connected() checked hub:connected; what it said is asked again through presence
            assertThat(RoomsSuite.userIds(client.joined("bypass-room").payload())).containsExactly("server");
        }
    }

    @Test
    void the_server_bypass_secret_in_hub_connect_is_user_server_with_no_expiry() {
        var connected = firstFrameConnect("{\"type\":\"hub:connect\",\"payload\":{\"serverBypass\":\"" + SuiteKeys.BYPASS_SECRET + "\"}}");
        assertThat(connected.getString("userId")).isEqualTo("server");
        assertThat(connected.getJsonArray("roles").getValuesAs(JsonString.class)).extracting(JsonString::getString)
                .containsExactly("server");
        assertThat(connected.get("tenant").getValueType()).isEqualTo(JsonObject.NULL.getValueType());
        assertThat(connected.getJsonNumber("exp").longValue()).isEqualTo(253_402_300_799L);
    }

    @Test
    void a_wrong_bypass_secret_is_just_not_a_jwt() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{\"type\":\"hub:connect\",\"payload\":{\"serverBypass\":\"" + SuiteKeys.BYPASS_SECRET + "x\"}}");
            assertUnauthorized(client, "Invalid JWT: malformed", "Unauthorized");
        }
    }

    @Test
    void a_dev_token_reads_malformed() {
        try (var client = WsClient.to(Target.rooms()).bearer("dev:alice:admin@acme").open()) {
            assertUnauthorized(client, "Invalid JWT: malformed", "Unauthorized");
        }
    }

    @Test
    void a_jwt_whose_sub_is_server_reads_claims_rejected_on_every_carrier() {
        String impostor = Tokens.user(SERVER_USER);
        try (var client = WsClient.to(Target.rooms()).bearer(impostor).open()) {
            assertUnauthorized(client, "Invalid JWT: claims rejected", "Unauthorized");
        }
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{\"type\":\"hub:connect\",\"payload\":{\"jwt\":\"" + impostor + "\"}}");
            assertUnauthorized(client, "Invalid JWT: claims rejected", "Unauthorized");
        }
    }

    @Test
    void the_bypass_identity_is_not_held_to_the_per_user_connection_limit() {
        var connections = new ArrayList<WsClient>();
        try {
            for (int i = 0; i <= SuiteConfig.CONNECTIONS_PER_USER; i++) {
                connections.add(WsClient.connected(Target.rooms(), SuiteKeys.BYPASS_SECRET));
            }
            assertThat(connections).noneMatch(WsClient::isClosed);
        } finally {
            connections.forEach(WsClient::close);
        }
    }

    @Test
    void not_even_an_admin_of_its_scope_can_kick_the_bypass_identity() {
        try (var service = WsClient.connected(Target.rooms(), SuiteKeys.BYPASS_SECRET);
             var admin = WsClient.connected(Target.rooms(), Tokens.user("bypass-admin", "admin"))) {
            ModerationSuite.joinAll("bypass-kick", service, admin);
            admin.send(Requests.kick("bypass-kick", SERVER_USER, "no", 60L, "k"));
            ModerationSuite.assertError(admin.expect("hub:error"), "k", "forbidden", "Insufficient permissions");
            service.send("{\"type\":\"ping\",\"id\":\"alive\"}");
            assertThat(service.nextOfType("pong").id()).isEqualTo("alive");
        }
    }

    private static JsonObject firstFrameConnect(String connect) {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send(connect);
            return client.expect("hub:connected").payload();
        }
    }
}
