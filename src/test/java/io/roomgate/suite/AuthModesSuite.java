package io.roomgate.suite;

import static io.roomgate.suite.HandshakeSuite.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The default mode, {@code roomgate.auth.required=true}, against the seeds' auth-mode table: only
 * verified JWTs and the server-bypass secret get in (no token at all: first-frame auth, in the
 * handshake suite).
 */
@DisplayName("§1 Auth modes: required")
public abstract class AuthModesSuite {

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

    private static JsonObject firstFrameConnect(String connect) {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send(connect);
            return client.expect("hub:connected").payload();
        }
    }
}
