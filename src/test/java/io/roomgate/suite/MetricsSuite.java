package io.roomgate.suite;

import static io.roomgate.testing.Requests.kick;
import static io.roomgate.testing.Requests.send;
import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.tenantUser;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomgate.testing.HttpApi;
import io.roomgate.testing.JwksServer;
import io.roomgate.testing.PrometheusText;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/metrics} without {@code roomgate.metrics.token}: Prometheus text for scrapers on
 * the loopback interface, which is where every test runs (a remote peer's 403 cannot be shown from
 * here; a forwarded request's can). The counters are read as deltas: other tests share the server.
 */
@DisplayName("Operate: metrics")
public abstract class MetricsSuite {

    @Test
    void a_loopback_scraper_gets_prometheus_text_with_roomgate_and_jvm_metrics() {
        var response = HttpApi.getWithHeaders("metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        var scrape = PrometheusText.parse(response.body());
        assertThat(scrape.type("roomgate_connections")).isEqualTo("gauge");
        assertThat(scrape.type("roomgate_delivery_latency_seconds")).isEqualTo("histogram");
        for (String name : new String[] {"roomgate_connections", "roomgate_connections_opened_total",
                "roomgate_connections_closed_total", "roomgate_handshakes_total", "roomgate_auth_failures_total",
                "roomgate_rooms", "roomgate_room_members", "roomgate_messages_total", "roomgate_message_bytes_total",
                "roomgate_delivery_latency_seconds_bucket", "roomgate_frames_dropped_total",
                "roomgate_moderation_actions_total", "roomgate_revocations_total",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "system_cpu_count", "process_uptime_seconds"}) {
            assertThat(scrape.has(name)).as(name).isTrue();
        }
        // which GC meters exist depends on the collector, and pauses appear with the first collection
        assertThat(scrape.samples()).anyMatch(sample -> sample.name().startsWith("jvm_gc_"));
    }

    @Test
    void the_counters_follow_connections_messages_kicks_and_refused_tokens() {
        String tag = UUID.randomUUID().toString();
        String room = "metrics-" + tag;
        var before = scrape();
        try (var mod = WsClient.connected(Target.rooms(), user("metrics-mod-" + tag, "moderator"));
             var member = WsClient.connected(Target.rooms(), user("metrics-member-" + tag))) {
            mod.joined(room);
            member.joined(room);
            var during = scrape();
            assertThat(during.value("roomgate_connections")).isGreaterThanOrEqualTo(2);
            assertThat(during.value("roomgate_rooms")).isGreaterThanOrEqualTo(1);
            assertThat(during.value("roomgate_room_members")).isGreaterThanOrEqualTo(2);

            mod.send(send(room, Json.createValue("hello")));
            member.expect("room:message");
            mod.send(kick(room, "metrics-member-" + tag, null, null, "k"));
            assertThat(member.awaitClose().reason()).isEqualTo("Kicked by moderator");
            mod.closeGracefully();
        }
        String forged = claims("metrics-forger").jws().keyId(JwksServer.RSA_KID).sign(SuiteKeys.OTHER_RSA.getPrivate());
        try (var client = WsClient.to(Target.rooms()).bearer(forged).open()) {
            client.awaitClose();
        }

        for (String reason : new String[] {"kicked", "unauthorized", "client"}) {
            awaitScrape("a counted " + reason + " close",
                    scrape -> grew(before, scrape, "roomgate_connections_closed_total", Map.of("reason", reason), 1));
        }
        var after = scrape();
        assertGrew(before, after, "roomgate_connections_opened_total", Map.of(), 3);
        assertGrew(before, after, "roomgate_handshakes_total", Map.of("outcome", "authenticated"), 2);
        assertGrew(before, after, "roomgate_handshakes_total", Map.of("outcome", "rejected"), 1);
        assertGrew(before, after, "roomgate_auth_failures_total", Map.of("code", "signature", "stage", "upgrade"), 1);
        // two joins, the send and the kick; out: the joins' replies, the message, the kick's notices
        assertGrew(before, after, "roomgate_messages_total", Map.of("direction", "in"), 4);
        assertGrew(before, after, "roomgate_messages_total", Map.of("direction", "out"), 5);
        assertGrew(before, after, "roomgate_message_bytes_total", Map.of("direction", "in"), 4 * 40);
        assertGrew(before, after, "roomgate_delivery_latency_seconds_count", Map.of(), 1);
        assertGrew(before, after, "roomgate_moderation_actions_total", Map.of("action", "kick"), 1);
    }

    @Test
    void no_metric_names_a_user_a_room_or_a_tenant() {
        String tag = UUID.randomUUID().toString();
        try (var client = WsClient.connected(Target.rooms(), tenantUser("metrics-user-" + tag, "metrics-tenant-" + tag))) {
            client.joined("metrics-room-" + tag);
            String body = HttpApi.getWithHeaders("metrics").body();

            assertThat(body).doesNotContain(tag);
        }
    }

    @Test
    void a_request_a_proxy_forwarded_is_refused_403_even_from_loopback() {
        for (String header : new String[] {"X-Forwarded-For", "Forwarded"}) {
            var response = HttpApi.getWithHeaders("metrics", header, header.equals("Forwarded") ? "for=203.0.113.9" : "203.0.113.9");

            assertThat(response.statusCode()).as(header).isEqualTo(403);
            assertThat(response.body()).contains("\"code\":\"forbidden\"").doesNotContain("roomgate_");
        }
    }

    static PrometheusText scrape() {
        HttpResponse<String> response = HttpApi.getWithHeaders("metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    /**
     * Closes are counted when the container reports them, which may be after the client saw them:
     * on a loaded machine a client's close once took WildFly longer than 10 s to report.
     */
    private static void awaitScrape(String alias, Predicate<PrometheusText> wanted) {
        await(alias).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(MetricsSuite::scrape, wanted);
    }

    private static boolean grew(PrometheusText before, PrometheusText after, String name, Map<String, String> labels, double by) {
        return after.value(name, labels) - before.value(name, labels) >= by;
    }

    private static void assertGrew(PrometheusText before, PrometheusText after, String name, Map<String, String> labels,
                                   double by) {
        assertThat(after.value(name, labels) - before.value(name, labels)).as(name + labels).isGreaterThanOrEqualTo(by);
    }
}
