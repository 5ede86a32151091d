package io.roomgate.suite;

import static io.roomgate.suite.HandshakeSuite.assertUnauthorized;
import static io.roomgate.testing.Requests.join;
import static io.roomgate.testing.Requests.kick;
import static io.roomgate.testing.Requests.send;
import static io.roomgate.testing.Requests.text;
import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.hs256;
import static io.roomgate.testing.Tokens.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.ContainerUsers;
import io.roomgate.testing.Frame;
import io.roomgate.testing.ServerConfig;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.TokenExchange;
import io.roomgate.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The configuration switches of PROTOCOL §6 on a server run with {@code SuiteConfig.alternate()}:
 * HS256 with a shared secret, a required tenant, a custom role claim, no default room, a
 * grace of a few seconds for expired tokens, and (PROTOCOL §10) a required permissions claim.
 */
@DisplayName("§6 Alternate configuration")
@ServerConfig(ServerConfig.Kind.ALTERNATE)
public abstract class AlternateConfigSuite {

    /** The default clock skew, which the alternate configuration keeps. */
    private static final int SKEW_SECONDS = 5;

    @Test
    void an_hs256_token_signed_with_the_shared_secret_is_accepted() {
        var payload = connectFirstFrame(hs256(claims("hs-user").claim("tenant_id", "acme").claim("app_role", "moderator")));
        assertThat(payload.getString("userId")).isEqualTo("hs-user");
        assertThat(payload.getJsonArray("roles").getValuesAs(JsonString.class)).extracting(JsonString::getString)
                .containsExactly("moderator");
    }

    @Test
    void with_the_default_room_switched_off_no_room_is_joined_on_connect() {
        assertThat(connectFirstFrame(hs256(claims("hs-user").claim("tenant_id", "acme"))).getJsonArray("rooms")).isEmpty();
    }

    @Test
    void an_rs256_token_is_refused_when_only_hs256_is_configured() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send(connect(rs256(claims("rs-user").claim("tenant_id", "acme"))));
            assertUnauthorized(client, "Invalid JWT: signature verification failed", "Unauthorized");
        }
    }

    @Test
    void a_token_without_the_required_tenant_is_refused_as_claims_rejected() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send(connect(hs256(claims("no-tenant"))));
            assertUnauthorized(client, "Invalid JWT: claims rejected", "Unauthorized");
        }
    }

    @Test
    void a_token_expired_inside_the_grace_is_accepted_with_a_warning_and_ends_when_the_grace_does() {
        long exp = Instant.now().getEpochSecond() - (SKEW_SECONDS + 1);
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send(connect(hs256(claims("late").issuedAt(exp - 60).expiresAt(exp).claim("tenant_id", "acme"))));
            assertThat(client.expect("hub:connected").payload().getString("warning")).isEqualTo("token_expired_grace");
            client.expect("token:expiring");
            var error = client.expect("hub:error");
            assertThat(error.errorMessage()).isEqualTo("JWT expired");
            assertThat(error.payload().getJsonObject("details").getJsonNumber("expiredAt").longValue()).isEqualTo(exp);
            assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1008, "Token expired");
        }
    }

    @Test
    void a_token_expired_beyond_the_grace_reads_jwt_expired() {
        long exp = Instant.now().getEpochSecond() - (SKEW_SECONDS + SuiteConfig.EXPIRED_GRACE_SECONDS + 30);
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send(connect(hs256(claims("too-late").issuedAt(exp - 60).expiresAt(exp).claim("tenant_id", "acme"))));
            assertUnauthorized(client, "JWT expired", "Unauthorized");
        }
    }

    @Test
    void a_valid_token_gets_no_warning() {
        assertThat(connectFirstFrame(hs256(claims("fresh").claim("tenant_id", "acme"))).containsKey("warning")).isFalse();
    }

    @Test
    void where_permissions_are_required_a_token_without_them_connects_but_may_do_nothing_in_any_room() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            // a moderator: without §10 its kick below would read "Not a member of this room"
            client.send(connect(hs256(claims("unpermitted").claim("tenant_id", "acme").claim("app_role", "moderator"))));
            assertThat(client.expect("hub:connected").payload().containsKey("permissions")).isFalse();
            client.send(join("alt-room", "j"));
            assertForbidden(client.expect("hub:error"), "j");
            client.send(send("alt-room", "message", text("x"), false, "s"));
            assertForbidden(client.expect("hub:error"), "s");
            client.send(kick("alt-room", "someone", null, null, "k"));
            assertForbidden(client.expect("hub:error"), "k");
        }
    }

    @Test
    void where_permissions_are_required_a_token_with_them_may_do_what_they_allow() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send(connect(hs256(claims("permitted").claim("tenant_id", "acme")
                    .claim("permissions", List.of("join:alt-*", "send:alt-room")))));
            client.expect("hub:connected");
            client.send(join("alt-room", "j"));
            assertThat(client.expect("room:joined").id()).isEqualTo("j");
            client.send(send("alt-room", "message", text("x"), true, "s"));
            assertThat(client.expect("room:message").id()).isEqualTo("s");
        }
    }

    private static void assertForbidden(Frame error, String id) {
        ModerationSuite.assertError(error, id, "forbidden", "Insufficient permissions");
    }

    private static JsonObject connectFirstFrame(String token) {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send(connect(token));
            return client.expect("hub:connected").payload();
        }
    }

    static String connect(String token) {
        return "{\"type\":\"hub:connect\",\"payload\":{\"jwt\":\"" + token + "\"}}";
    }

    @Test
    void without_a_signing_key_the_token_exchange_answers_404_even_to_an_authenticated_user() {
        var response = TokenExchange.post().as(ContainerUsers.ALICE).send();

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("token\"");
    }
}
