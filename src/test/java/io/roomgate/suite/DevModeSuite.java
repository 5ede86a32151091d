package io.roomgate.suite;

import static io.roomgate.suite.HandshakeSuite.assertUnauthorized;
import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.rs256;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.ServerConfig;
import io.roomgate.testing.ServerLog;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Dev mode ({@code roomgate.auth.required=false}) against the seeds' auth-mode table: everything
 * gets in, guests included; only a credential that is no credential at all is still refused.
 */
@DisplayName("§1 Auth modes: dev")
@ServerConfig(ServerConfig.Kind.DEV)
public abstract class DevModeSuite {

    @Test
    void a_valid_jwt_is_accepted() {
        assertThat(connected(user("dev-jwt")).getString("userId")).isEqualTo("dev-jwt");
    }

    @Test
    void a_jwt_expired_long_ago_is_accepted_with_the_grace_warning() {
        long exp = Instant.now().getEpochSecond() - 86_400;
        var connected = connected(rs256(claims("dev-late").issuedAt(exp - 60).expiresAt(exp)));
        assertThat(connected.getString("userId")).isEqualTo("dev-late");
        assertThat(connected.getString("warning")).isEqualTo("token_expired_grace");
    }

    @Test
    void a_dev_token_names_user_roles_and_tenant() {
        var connected = connected("dev:alice:moderator,admin@acme");
        assertThat(connected.getString("userId")).isEqualTo("alice");
        assertThat(roles(connected)).containsExactlyInAnyOrder("moderator", "admin");
        assertThat(connected.getString("tenant")).isEqualTo("acme");

        var plain = connected("dev:bob");
        assertThat(plain.getString("userId")).isEqualTo("bob");
        assertThat(roles(plain)).isEmpty();
        assertThat(plain.isNull("tenant")).isTrue();
    }

    @Test
    void a_dev_token_naming_the_reserved_user_server_reads_claims_rejected() {
        try (var client = WsClient.to(Target.rooms()).bearer("dev:server:admin").open()) {
            assertUnauthorized(client, "Invalid JWT: claims rejected", "Unauthorized");
        }
    }

    @Test
    void a_dev_token_without_a_user_reads_malformed() {
        try (var client = WsClient.to(Target.rooms()).bearer("dev::admin").open()) {
            assertUnauthorized(client, "Invalid JWT: malformed", "Unauthorized");
        }
    }

    @Test
    void the_server_bypass_secret_is_user_server() {
        assertThat(connected(SuiteKeys.BYPASS_SECRET).getString("userId")).isEqualTo("server");
    }

    @Test
    void without_a_token_each_connection_is_a_new_guest() {
        try (var first = WsClient.to(Target.rooms()).open();
             var second = WsClient.to(Target.rooms()).open()) {
            var one = first.expect("hub:connected").payload();
            var two = second.expect("hub:connected").payload();
            assertThat(one.getString("userId")).startsWith("guest-").isNotEqualTo(two.getString("userId"));
            assertThat(roles(one)).containsExactly("guest");
            first.joined("guest-room");
            second.joined("guest-room");
        }
    }

    @Test
    void a_forged_jwt_is_still_refused() {
        String forged = claims("dev-forger").jws().keyId(io.roomgate.testing.JwksServer.RSA_KID)
                .sign(SuiteKeys.OTHER_RSA.getPrivate());
        try (var client = WsClient.to(Target.rooms()).bearer(forged).open()) {
            assertUnauthorized(client, "Invalid JWT: signature verification failed", "Unauthorized");
        }
    }

    @Test
    void the_start_up_log_warns_that_unauthenticated_clients_get_in() {
        assertThat(ServerLog.since(0)).contains("DEV MODE (roomgate.auth.required=false)");
    }

    private static JsonObject connected(String credential) {
        try (var client = WsClient.to(Target.rooms()).bearer(credential).open()) {
            return client.expect("hub:connected").payload();
        }
    }

    private static List<String> roles(JsonObject connected) {
        return connected.getJsonArray("roles").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
