package io.roomgate.suite;

import static io.roomgate.testing.ContainerUsers.ALICE;
import static io.roomgate.testing.ContainerUsers.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.roomgate.testing.ContainerUsers;
import io.roomgate.testing.Frame;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.TokenExchange;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The session-to-token exchange, {@code POST /api/ws-token}: the container authenticates the
 * caller (web.xml's constraint, each server's own realm with the users of {@link ContainerUsers})
 * and Roomgate hands out a short-lived token that opens the WebSocket as that user. Real servers
 * only: it is the container's authentication that is under test.
 */
@DisplayName("Session-to-token exchange, POST /api/ws-token")
public abstract class TokenExchangeSuite {

    @Test
    void a_container_user_gets_a_short_lived_token_that_opens_the_socket_as_that_user() {
        var response = TokenExchange.post().as(ALICE).send();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().allValues("Cache-Control")).anySatisfy(value -> assertThat(value).contains("no-store"));
        var body = json(response);
        assertThat(body.getJsonNumber("expiresAt").longValue())
                .isCloseTo(Instant.now().getEpochSecond() + SuiteConfig.EXCHANGE_TTL_SECONDS, within(30L));

        Frame connected = connect(body.getString("token"));
        assertThat(connected.payload().getString("userId")).isEqualTo(ALICE.name());
        assertThat(connected.payload().getString("username")).isEqualTo(ALICE.name());
        assertThat(connected.payload().getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("moderator");
        assertThat(connected.payload().getJsonNumber("exp").longValue()).isEqualTo(body.getJsonNumber("expiresAt").longValue());
    }

    @Test
    void only_the_configured_container_roles_the_caller_is_in_reach_the_token() {
        Frame connected = connect(json(TokenExchange.post().as(BOB).send()).getString("token"));

        assertThat(connected.payload().getString("userId")).isEqualTo(BOB.name());
        assertThat(connected.payload().getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("user");
    }

    @Test
    void the_tenant_the_applications_sso_found_scopes_the_token() {
        Frame acme = connect(json(TokenExchange.post().as(ALICE).tenant("acme").send()).getString("token"));
        Frame globex = connect(json(TokenExchange.post().as(ALICE).tenant("globex").send()).getString("token"));

        assertThat(acme.payload().getString("tenant")).isEqualTo("acme");
        assertThat(globex.payload().getString("tenant")).isEqualTo("globex");
    }

    @Test
    void a_caller_for_whom_the_configured_tenant_source_found_nothing_gets_no_token() {
        var response = TokenExchange.post().as(ALICE).withoutTenant().send();

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).getString("code")).isEqualTo("forbidden");
        assertThat(json(response).getString("message")).isEqualTo("No tenant");
    }

    @Test
    void only_the_exchanges_own_path_hands_out_tokens() {
        for (String variant : new String[] {"ws-token/", "ws-token/x"}) {
            var anonymous = TokenExchange.post().path(variant).send();
            var authenticated = TokenExchange.post().as(ALICE).path(variant).send();

            assertThat(anonymous.statusCode()).as(variant).isEqualTo(401);
            assertThat(authenticated.statusCode()).as(variant).isEqualTo(404);
            assertThat(authenticated.body()).as(variant).doesNotContain("token\"");
        }
    }

    @Test
    void every_exchange_hands_out_a_different_token() {
        String first = json(TokenExchange.post().as(ALICE).send()).getString("token");
        String second = json(TokenExchange.post().as(ALICE).send()).getString("token");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void without_credentials_or_with_a_wrong_password_the_container_refuses_and_no_token_is_handed_out() {
        var anonymous = TokenExchange.post().send();
        var wrongPassword = TokenExchange.post().as(new ContainerUsers.User(ALICE.name(), "not-" + ALICE.password())).send();

        for (var response : List.of(anonymous, wrongPassword)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).doesNotContain("token\"");
        }
    }

    @Test
    void a_request_the_browser_marks_cross_site_gets_no_token() {
        var response = TokenExchange.post().as(ALICE).header("Sec-Fetch-Site", "cross-site").send();

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).getString("message")).isEqualTo("Origin not allowed");
    }

    @Test
    void a_page_of_another_origin_gets_no_token_even_with_the_users_credentials() {
        for (String origin : new String[] {"https://evil.example", "null", "http://127.0.0.1.evil.example"}) {
            var response = TokenExchange.post().as(ALICE).origin(origin).send();

            assertThat(response.statusCode()).as(origin).isEqualTo(403);
            assertThat(json(response).getString("code")).isEqualTo("forbidden");
            assertThat(json(response).getString("message")).isEqualTo("Origin not allowed");
        }
    }

    @Test
    void the_servers_own_pages_and_allowed_origins_get_a_token() {
        // as a browser sends them: its own page is same-origin, an allow-listed other origin cross-site
        var browserVerdicts = Map.of(TokenExchange.sameOrigin(), "same-origin", SuiteConfig.ALLOWED_ORIGIN, "cross-site");
        for (String origin : browserVerdicts.keySet()) {
            var response = TokenExchange.post().as(ALICE).origin(origin).header("Sec-Fetch-Site", browserVerdicts.get(origin)).send();

            assertThat(response.statusCode()).as(origin).isEqualTo(200);
            assertThat(json(response).getString("token")).isNotBlank();
        }
    }

    @Test
    void only_post_exchanges() {
        var response = TokenExchange.get().as(ALICE).send();

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).doesNotContain("token\"");
    }

    private static Frame connect(String token) {
        try (var client = WsClient.to(Target.rooms()).subprotocols("rooms.v1", "bearer." + token).open()) {
            return client.expect("hub:connected");
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
