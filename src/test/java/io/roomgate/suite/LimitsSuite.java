package io.roomgate.suite;

import static io.roomgate.testing.Tokens.tenantUser;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomgate.testing.ApiAnswers;
import io.roomgate.testing.HttpApi;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL §5's per-address limits, on a server configured with small ones
 * ({@link SuiteConfig#limits()}): a handshake bucket per client address and a block after too
 * many failed authentications. The suite's own address is a trusted proxy there, so each test
 * stands for fresh client addresses through {@code X-Forwarded-For}. Where a servlet filter sees
 * the upgrade the refusal is HTTP 429 with {@code Retry-After}; elsewhere {@code rate_limited}
 * and close 1013.
 */
@DisplayName("§5 Per-address limits")
public abstract class LimitsSuite {

    /** Far more attempts than the burst plus what the 1/s refill adds while they are made. */
    private static final int ATTEMPTS = 60;

    @Test
    void handshakes_beyond_an_addresss_burst_are_refused_while_other_addresses_go_on() {
        String flooding = freshAddress();
        assertFloodRefused(() -> flooding);

        assertThat(refusal(handshakeFrom(freshAddress(), user("lim-neighbour")))).isNull();
    }

    @Test
    void ipv6_clients_rotating_through_their_64_share_one_burst() {
        String prefix = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000)) + ":1:";
        assertFloodRefused(() -> prefix + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000)) + "::1");

        assertThat(refusal(handshakeFrom("2001:db8:ffff:2::1", user("lim-neighbour")))).as("another /64").isNull();
    }

    /** Handshakes from {@code addresses} until one is refused: past the burst, and for the handshake limit. */
    private static void assertFloodRefused(Supplier<String> addresses) {
        int admitted = 0;
        String refusedBy = null;
        while (refusedBy == null && admitted < ATTEMPTS) {
            refusedBy = refusal(handshakeFrom(addresses.get(), user("lim-flood")));
            if (refusedBy == null) {
                admitted++;
            }
        }
        assertThat(admitted).isGreaterThanOrEqualTo(SuiteConfig.HANDSHAKE_BURST).isLessThan(ATTEMPTS);
        assertThat(refusedBy).isEqualTo("handshakes-per-second");
    }

    @Test
    void too_many_failed_authentications_block_the_address_even_for_a_valid_token_then_the_block_ends() {
        String guessing = freshAddress();
        String forged = forged(user("lim-guess"));
        for (int failure = 0; failure <= SuiteConfig.FAILED_AUTH_PER_MINUTE; failure++) {
            try (var refused = handshakeFrom(guessing, forged).open()) {
                HandshakeSuite.assertUnauthorized(refused, "Invalid JWT: signature verification failed", "Unauthorized");
            }
        }
        assertThat(refusal(handshakeFrom(guessing, user("lim-guess")))).isEqualTo("failed-authentications");
        assertThat(refusal(handshakeFrom(freshAddress(), user("lim-guess")))).as("another address").isNull();

        // refused handshakes while blocked are not failed authentications: asking again does not extend it
        await().atMost(Duration.ofSeconds(SuiteConfig.FAILED_AUTH_BLOCK_SECONDS + 5)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(refusal(handshakeFrom(guessing, user("lim-guess")))).as("after the block").isNull());
    }

    @Test
    void first_frames_that_are_not_a_valid_hub_connect_count_as_failed_authentications() {
        String probing = freshAddress();
        var unparseable = RobustnessSuite.unparseableBelowTheFrameLimit();
        for (int failure = 0; failure <= SuiteConfig.FAILED_AUTH_PER_MINUTE; failure++) {
            try (var refused = WsClient.to(Target.rooms()).header("X-Forwarded-For", probing).open()) {
                refused.send(unparseable.get(failure % unparseable.size()));
                HandshakeSuite.assertUnauthorized(refused, "JWT required", "Unauthorized");
            }
        }
        assertThat(refusal(handshakeFrom(probing, user("lim-probe")))).isEqualTo("failed-authentications");
    }

    @Test
    void a_tenant_holds_at_most_its_limit_of_live_revocations_and_is_told_429_beyond_it() {
        String tenant = "lim-rev-" + UUID.randomUUID();
        String admin = tenantUser("lim-rev-admin", tenant, "admin");
        for (int i = 0; i < SuiteConfig.REVOCATIONS_PER_TENANT; i++) {
            assertThat(revokeToken(admin).statusCode()).isEqualTo(204);
        }
        var refused = ApiAnswers.assertProblem(revokeToken(admin), 429, "rate_limited", "Too many requests");
        assertThat(refused.getJsonObject("details").getString("limit")).isEqualTo("revocations");

        String otherTenant = tenantUser("lim-rev-admin", tenant + "-other", "admin");
        assertThat(revokeToken(otherTenant).statusCode()).as("another tenant's revocations").isEqualTo(204);
    }

    @Test
    void failed_authentications_on_the_http_api_block_the_address_for_handshakes_and_api_calls() {
        String guessing = freshAddress();
        String admin = user("lim-api-admin", "admin");
        String presence = "rooms/lim-api/presence";
        for (int failure = 0; failure <= SuiteConfig.FAILED_AUTH_PER_MINUTE; failure++) {
            ApiAnswers.assertProblem(apiFrom(guessing, presence, forged(admin)), 401, "unauthorized",
                    "Invalid JWT: signature verification failed");
        }
        assertThat(refusal(handshakeFrom(guessing, user("lim-api-guess")))).isEqualTo("failed-authentications");
        var blocked = ApiAnswers.assertProblem(apiFrom(guessing, presence, admin), 429, "rate_limited", "Too many requests");
        assertThat(blocked.getJsonObject("details").getString("limit")).isEqualTo("failed-authentications");

        assertThat(apiFrom(freshAddress(), presence, admin).statusCode()).as("another address").isEqualTo(200);
    }

    private static HttpResponse<String> revokeToken(String admin) {
        return HttpApi.post("revocations", admin, "{\"jti\":\"" + UUID.randomUUID() + "\"}");
    }

    private static HttpResponse<String> apiFrom(String address, String path, String bearer) {
        return HttpApi.call("GET", path, bearer, null, null, Map.of("X-Forwarded-For", address));
    }

    /**
     * Makes one handshake and says which limit refused it, or null when it was admitted, after
     * checking the refusal has the form PROTOCOL §5 gives it on this target.
     */
    private static String refusal(WsClient.Builder handshake) {
        if (Target.refusesBeforeUpgrade()) {
            var response = handshake.upgradeResponse();
            if (response.status() == 101) {
                return null;
            }
            assertThat(response.status()).isEqualTo(429);
            assertThat(response.headers().get("retry-after")).matches("[1-9][0-9]*");
            var problem = Json.createReader(new StringReader(response.body())).readObject();
            assertThat(problem.getString("code")).isEqualTo("rate_limited");
            assertThat(problem.getString("message")).isEqualTo("Too many requests");
            return problem.getJsonObject("details").getString("limit");
        }
        try (var client = handshake.open()) {
            var first = client.next();
            if (first.type().equals("hub:connected")) {
                return null;
            }
            assertThat(first.errorCode()).isEqualTo("rate_limited");
            assertThat(first.errorMessage()).isEqualTo("Too many requests");
            var details = first.payload().getJsonObject("details");
            assertThat(details.getJsonNumber("retryAfterMs").longValue()).isPositive();
            assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1013, "Rate limited");
            return details.getString("limit");
        }
    }

    /**
     * Also claims, in the headers only the server side may set, to come from elsewhere and to have
     * passed the limits already: a client must not get anywhere with that.
     */
    private static WsClient.Builder handshakeFrom(String address, String token) {
        return WsClient.to(Target.rooms()).bearer(token).header("X-Forwarded-For", address)
                .header("x-roomgate-peer-address", "192.0.2.99").header("X-ROOMGATE-ADDRESS-ADMITTED", "true");
    }

    private static String forged(String token) {
        return token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
    }

    /** An address of 10.0.0.0/8 no other test (or earlier run against the same server) used. */
    private static String freshAddress() {
        var random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }
}
