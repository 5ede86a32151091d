package io.roomgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomgate.testing.TestSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsLoaderTest {

    @Test
    void defaults_match_the_protocol() {
        var settings = load(Map.of());
        assertThat(settings.auth().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.auth().jwt().clockSkewSeconds()).isEqualTo(5);
        assertThat(settings.auth().jwt().maxTokenBytes()).isEqualTo(8192);
        assertThat(settings.auth().jwt().algorithms()).containsExactly("RS256");
        assertThat(settings.auth().cookieName()).isEqualTo("rooms_token");
        assertThat(settings.rooms().defaultRoom()).contains("default");
        assertThat(settings.limits().frameBytes()).isEqualTo(65536);
        assertThat(settings.limits().roomsPerConnection()).isEqualTo(128);
        assertThat(settings.limits().connectionsPerUser()).isEqualTo(16);
        assertThat(settings.limits().membersPerRoom()).isEqualTo(10_000);
        assertThat(settings.rooms().presence()).isEqualTo(new PresenceSettings(100, 1000));
        assertThat(settings.demoEnabled()).isFalse();
        assertThat(settings.claims().permissionsClaim()).isEqualTo("permissions");
        assertThat(settings.claims().permissionsRequired()).isFalse();
        assertThat(settings.metrics().token()).isEmpty();
    }

    @Test
    void a_node_is_single_unless_a_redis_url_is_set_and_the_urls_password_is_never_printed() {
        var single = load(Map.of()).cluster();
        assertThat(single.clustered()).isFalse();
        assertThat(single.keyPrefix()).isEqualTo("rg");
        assertThat(single.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(single.nodeTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(load(Map.of()).cluster().nodeId()).isNotEqualTo(single.nodeId());

        var clustered = load(Map.of("roomgate.cluster.redis.url", "rediss://roomgate:s3cret-pass@redis.example:6380/2")).cluster();
        assertThat(clustered.clustered()).isTrue();
        assertThat(clustered.toString()).doesNotContain("s3cret-pass").contains("rediss://***@redis.example:6380/2");
        assertRejected("roomgate.cluster.redis.url", "http://redis.example");
        assertRejected("roomgate.cluster.key-prefix", "rg{x}");
        assertRejected("roomgate.cluster.node-timeout", "PT6S");
    }

    @Test
    void history_is_off_by_default_and_its_bounds_must_be_usable() {
        assertThat(load(Map.of()).rooms().history()).isEqualTo(new HistorySettings(0, Duration.ofMinutes(10), 256 << 10));
        assertThat(load(Map.of()).rooms().history().enabled()).isFalse();
        assertThat(load(Map.of("roomgate.history.size", "50")).rooms().history().enabled()).isTrue();
        assertRejected("roomgate.history.size", "-1");
        assertRejected("roomgate.history.ttl", "PT0S");
        assertRejected("roomgate.history.bytes", "0");
    }

    @Test
    void the_metrics_token_is_long_enough_and_never_printed() {
        assertRejected("roomgate.metrics.token", "fifteen-chars-x");
        var token = "a-scraper-token-of-sufficient-length";
        assertThat(load(Map.of("roomgate.metrics.token", token)).metrics()).doesNotHaveToString(token)
                .extracting(Object::toString).asString().doesNotContain(token);
    }

    @Test
    void a_bad_value_fails_with_a_message_naming_the_key_but_not_the_value() {
        assertRejected("roomgate.auth.timeout", "ten seconds");
        assertRejected("roomgate.limits.frame-bytes", "-1");
        assertRejected("roomgate.demo.enabled", "maybe");
        assertRejected("mp.jwt.verify.publickey.algorithm", "RS257");
        assertRejected("roomgate.rooms.default", "no spaces allowed");
        assertRejected("roomgate.auth.server-bypass-secret", "shorter-than-32-characters");
        assertRejected("roomgate.auth.required", "sometimes");
        assertRejected("roomgate.permissions.required", "perhaps");
        assertRejected("roomgate.issuer.algorithm", "HS256");
        assertRejected("roomgate.issuer.roles", "moderator,**");
        assertRejected("roomgate.issuer.ttl", "PT25H");
        assertRejected("roomgate.presence.snapshot-limit", "0");
        assertRejected("roomgate.presence.events-limit", "-1");
    }

    @Test
    void the_exchange_copies_no_admin_role_unless_told_and_expects_a_tenant_only_where_one_is_sourced() {
        var defaults = load(Map.of()).issuer();
        assertThat(defaults.roles()).containsExactly("user", "moderator");
        assertThat(defaults.tenantExpected()).isFalse();
        assertThat(load(Map.of("roomgate.issuer.tenant-attribute", "tenant")).issuer().tenantExpected()).isTrue();
        assertThat(load(Map.of("roomgate.tenant.required", "true")).issuer().tenantExpected()).isTrue();
        assertThat(load(Map.of("roomgate.issuer.signing-key.location", "https://user:pass@keys.example/k.pem")).issuer())
                .as("no key location in logs").hasToString(load(Map.of("roomgate.issuer.signing-key.location", "/x.pem")).issuer().toString());
    }

    @Test
    void hmac_and_public_key_algorithms_cannot_be_mixed_and_hmac_needs_a_long_secret() {
        assertThatThrownBy(() -> load(Map.of("mp.jwt.verify.publickey.algorithm", "RS256,HS256")))
                .hasMessageContaining("mp.jwt.verify.publickey.algorithm");
        assertThatThrownBy(() -> load(Map.of("mp.jwt.verify.publickey.algorithm", "HS256", "roomgate.auth.hmac-secret", "short")))
                .hasMessageContaining("roomgate.auth.hmac-secret").hasMessageNotContaining("short");
        assertThat(load(Map.of("mp.jwt.verify.publickey.algorithm", "HS256", "roomgate.auth.hmac-secret", "x".repeat(32)))
                .auth().jwt().hmacSecret()).isPresent();
        assertThatThrownBy(() -> load(Map.of("mp.jwt.verify.publickey.algorithm", "HS512", "roomgate.auth.hmac-secret", "x".repeat(48))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("roomgate.auth.hmac-secret").hasMessageContaining("64 bytes for HS512");
        assertThatThrownBy(() -> load(Map.of("mp.jwt.verify.publickey.algorithm", "HS256")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("roomgate.auth.hmac-secret");
    }

    @Test
    void the_default_room_can_be_switched_off_with_an_empty_value() {
        assertThat(load(Map.of("roomgate.rooms.default", "")).rooms().defaultRoom()).isEmpty();
    }

    @Test
    void an_empty_default_room_counts_only_where_its_source_outranks_the_others() {
        // e.g. ROOMGATE_ROOMS_DEFAULT= (ordinal 300) over the WAR's file (100), and the other way round
        assertThat(layered("", "lobby").rooms().defaultRoom()).isEmpty();
        assertThat(layered("lobby", "").rooms().defaultRoom()).contains("lobby");
    }

    @Test
    void jwks_refresh_intervals_are_bounded() {
        assertRejected("smallrye.jwt.jwks.refresh-interval", "-5");
        assertRejected("smallrye.jwt.jwks.forced-refresh-interval", "40000");
        assertThat(load(Map.of("smallrye.jwt.jwks.forced-refresh-interval", "0")).auth().jwt().jwksRefresh().forcedInterval())
                .isZero();
    }

    private static Settings layered(String higher, String lower) {
        return SettingsLoader.load(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("roomgate.rooms.default", higher), "higher", 300))
                .withSources(new PropertiesConfigSource(Map.of("roomgate.rooms.default", lower), "lower", 100))
                .build());
    }

    @Test
    void only_one_verification_key_source_may_be_set() {
        assertThatThrownBy(() -> load(Map.of("mp.jwt.verify.publickey", "pem", "mp.jwt.verify.publickey.location", "file:/k.pem")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("mp.jwt.verify.publickey");
    }

    @Test
    void the_exchange_takes_issuer_audiences_and_tenant_rule_from_verification_unless_told_otherwise() {
        var issuer = load(Map.of("mp.jwt.verify.issuer", "https://idp", "mp.jwt.verify.audiences", "b,a",
                "roomgate.tenant.required", "true")).issuer();
        assertThat(issuer.issuer()).isEqualTo("https://idp");
        assertThat(issuer.audiences()).containsExactly("b", "a");
        assertThat(issuer.tenantRequired()).isTrue();
        assertThat(load(Map.of("roomgate.issuer.issuer", "x", "roomgate.issuer.audience", "c")).issuer())
                .extracting(IssuerSettings::issuer, IssuerSettings::audiences).containsExactly("x", Set.of("c"));
    }

    @Test
    void a_trusted_proxy_entry_that_is_no_address_fails_naming_the_key() {
        assertThatThrownBy(() -> load(Map.of("roomgate.net.trusted-proxies", "10.0.0.1,proxy.internal")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("roomgate.net.trusted-proxies");
    }

    private static void assertRejected(String key, String value) {
        assertThatThrownBy(() -> load(Map.of(key, value)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(key)
                .hasMessageNotContaining(value);
    }

    private static Settings load(Map<String, String> values) {
        return TestSettings.load(values);
    }
}
