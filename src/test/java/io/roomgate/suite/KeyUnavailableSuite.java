package io.roomgate.suite;

import static io.roomgate.testing.ApiAnswers.json;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.HttpApi;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A server whose identity provider was down when it started ({@link SuiteConfig#keyUnavailable()}):
 * it runs, it is alive and started, but not ready, since no token can be verified; tokens are refused.
 */
@DisplayName("Health without a usable verification key")
public abstract class KeyUnavailableSuite {

    @Test
    void readiness_is_down_for_the_key_while_liveness_and_startup_stay_up() {
        assertThat(HttpApi.get("health/live", null).statusCode()).isEqualTo(200);
        assertThat(HttpApi.get("health/started", null).statusCode()).isEqualTo(200);

        var ready = HttpApi.get("health/ready", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        var health = json(ready);
        assertThat(health.getString("status")).isEqualTo("DOWN");
        assertThat(checks(health)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "started", "UP", "verification-key", "DOWN", "accepting-connections", "UP"));
    }

    @Test
    void tokens_are_refused_while_no_key_could_be_loaded() {
        try (var client = WsClient.to(Target.rooms()).bearer(user("no-key")).open()) {
            HandshakeSuite.assertUnauthorized(client, "Invalid JWT: signature verification failed", "Unauthorized");
        }
    }

    private static Map<String, String> checks(JsonObject health) {
        return health.getJsonArray("checks").stream().map(check -> check.asJsonObject())
                .collect(Collectors.toMap(check -> check.getString("name"), check -> check.getString("status")));
    }
}
