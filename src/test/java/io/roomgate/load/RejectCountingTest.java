package io.roomgate.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the reject workload counts refusals that come before the upgrade. Roomgate refuses there only
 * in its servlet filter (an invalid token with {@code roomgate.auth.reject-at-upgrade=true}, a
 * blocked address always; real servers only, and the bench's extra runs on each server); the
 * in-process target has no servlet layer, so a plain HTTP server stands in for the refusal itself
 * here: what is tested is the driver's reading of it.
 */
class RejectCountingTest {

    private HttpServer server;

    private Workloads refusingWith(int status, Map<String, String> headers) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/rooms", exchange -> {
            headers.forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        var rooms = URI.create("ws://127.0.0.1:" + server.getAddress().getPort() + "/rooms");
        var tokens = new TokenSource() {
            @Override
            public String valid(String userId) {
                return "valid." + userId;
            }

            @Override
            public String forged(String userId) {
                return "forged." + userId;
            }
        };
        return new Workloads(HttpClient.newHttpClient(), rooms, tokens, () -> 0);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void a_401_challenging_the_token_is_the_expected_refusal() throws Exception {
        try (var workloads = refusingWith(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""))) {
            var result = workloads.reject(12, 4);

            assertThat(result.rejected()).isEqualTo(12);
            assertThat(result.blocked()).isZero();
            assertThat(result.otherwise()).isZero();
            assertThat(result.accepted()).isZero();
        }
    }

    @Test
    void a_429_from_the_address_limits_is_counted_as_blocked_not_as_a_token_refusal() throws Exception {
        try (var workloads = refusingWith(429, Map.of("Retry-After", "60"))) {
            var result = workloads.reject(12, 4);

            assertThat(result.blocked()).isEqualTo(12);
            assertThat(result.rejected()).isZero();
            assertThat(result.otherwise()).isZero();
        }
    }

    @Test
    void a_429_without_retry_after_is_neither() throws Exception {
        try (var workloads = refusingWith(429, Map.of())) {
            var result = workloads.reject(12, 4);

            assertThat(result.otherwise()).isEqualTo(12);
            assertThat(result.blocked()).isZero();
        }
    }

    @Test
    void a_401_without_the_invalid_token_challenge_is_not_counted_either() throws Exception {
        try (var workloads = refusingWith(401, Map.of("WWW-Authenticate", "Basic realm=\"roomgate\""))) {
            assertThat(workloads.reject(12, 4).otherwise()).isEqualTo(12);
        }
    }
}
