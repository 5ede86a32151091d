package io.roomgate.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.HttpApi;
import io.roomgate.testing.PrometheusText;
import io.roomgate.testing.ServerConfig;
import io.roomgate.testing.SuiteConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /api/metrics} with {@code roomgate.metrics.token} set ({@code SuiteConfig.alternate()}). */
@DisplayName("Operate: metrics behind a scrape token")
@ServerConfig(ServerConfig.Kind.ALTERNATE)
public abstract class MetricsTokenSuite {

    @Test
    void a_scraper_with_the_token_gets_the_metrics_wherever_it_says_it_comes_from() {
        var response = HttpApi.getWithHeaders("metrics", "Authorization", "Bearer " + SuiteConfig.METRICS_TOKEN,
                "X-Forwarded-For", "203.0.113.9");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(PrometheusText.parse(response.body()).has("roomgate_connections")).isTrue();
    }

    @Test
    void without_the_token_even_a_loopback_scraper_is_refused_401() {
        var response = HttpApi.getWithHeaders("metrics");

        assertRefused(response.statusCode(), response.body());
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void a_wrong_token_or_another_scheme_is_refused_401() {
        for (String authorization : new String[] {"Bearer " + SuiteConfig.METRICS_TOKEN + "x",
                "Bearer " + SuiteConfig.METRICS_TOKEN.substring(1), "Basic " + SuiteConfig.METRICS_TOKEN, "Bearer "}) {
            var response = HttpApi.getWithHeaders("metrics", "Authorization", authorization);
            assertRefused(response.statusCode(), response.body());
        }
    }

    private static void assertRefused(int status, String body) {
        assertThat(status).isEqualTo(401);
        assertThat(body).contains("\"code\":\"unauthorized\"").doesNotContain("roomgate_");
    }
}
