package io.roomgate.suite;

import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.rs256;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PROTOCOL §6 identity from claims, as hub:connected shows it; §2 default room. */
@DisplayName("§6 Identity")
public abstract class IdentitySuite {

    @Test
    void hub_connected_carries_the_identity_client_id_exp_and_the_default_room() {
        String token = rs256(claims("u-1").preferredUserName("Uma").groups(Set.of("moderator"))
                .claim("tenant_id", "acme").expiresAt(4_000_000_000L));
        var payload = connect(token);
        assertThat(payload.getString("userId")).isEqualTo("u-1");
        assertThat(payload.getString("username")).isEqualTo("Uma");
        assertThat(strings(payload.getJsonArray("roles"))).containsExactly("moderator");
        assertThat(payload.getString("tenant")).isEqualTo("acme");
        assertThat(payload.getString("clientId")).isNotBlank();
        assertThat(payload.getJsonNumber("exp").longValue()).isEqualTo(4_000_000_000L);
        assertThat(strings(payload.getJsonArray("rooms"))).containsExactly("default");
        assertThat(payload.containsKey("warning")).isFalse();
    }

    @Test
    void tenant_is_null_when_the_token_has_none() {
        var payload = connect(rs256(claims("u-2")));
        assertThat(payload.get("tenant")).isEqualTo(JsonValue.NULL);
    }

    @Test
    void a_tenant_claim_that_is_not_a_string_is_refused_not_mistaken_for_no_tenant() {
        try (var client = WsClient.to(Target.rooms()).bearer(rs256(claims("numeric-tenant").claim("tenant_id", 42))).open()) {
            HandshakeSuite.assertUnauthorized(client, "Invalid JWT: claims rejected", "Unauthorized");
        }
    }

    @Test
    void username_falls_back_from_preferred_username_to_upn_to_name_to_sub() {
        assertThat(connect(rs256(claims("s1").claim("upn", "upn-1").claim("name", "Name 1"))).getString("username"))
                .isEqualTo("upn-1");
        assertThat(connect(rs256(claims("s2").claim("name", "Name 2"))).getString("username")).isEqualTo("Name 2");
        assertThat(connect(rs256(claims("s3").claim("preferred_username", ""))).getString("username")).isEqualTo("s3");
    }

    @Test
    void roles_combine_the_groups_claim_and_the_role_claim() {
        var payload = connect(rs256(claims("r1").groups(Set.of("editor", "viewer")).claim("role", "moderator")));
        assertThat(strings(payload.getJsonArray("roles"))).containsExactlyInAnyOrder("editor", "viewer", "moderator");
    }

    @Test
    void a_single_string_groups_claim_counts_as_one_role() {
        var payload = connect(rs256(claims("r2").claim("groups", "admin")));
        assertThat(strings(payload.getJsonArray("roles"))).containsExactly("admin");
    }

    @Test
    void each_connection_gets_its_own_client_id() {
        String token = rs256(claims("twice"));
        assertThat(connect(token).getString("clientId")).isNotEqualTo(connect(token).getString("clientId"));
    }

    private static JsonObject connect(String token) {
        try (var client = WsClient.to(Target.rooms()).bearer(token).open()) {
            return client.expect("hub:connected").payload();
        }
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
