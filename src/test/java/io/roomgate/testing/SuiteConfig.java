package io.roomgate.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration every target of the protocol suite runs with: the same on the in-process
 * server and in the WAR deployed to a real server.
 */
public final class SuiteConfig {

    public static final String ISSUER = "https://issuer.roomgate.test";
    public static final String AUDIENCE = "roomgate-tests";
    public static final String ALLOWED_ORIGIN = "https://app.roomgate.test";
    public static final int AUTH_TIMEOUT_SECONDS = 2;
    public static final int ROOMS_PER_CONNECTION = 8;
    public static final int CONNECTIONS_PER_USER = 4;
    /**
     * A burst no other suite comes near (one sends 400 frames in lock-step), and a refill slow
     * enough that a server taking seconds to work through a burst still drops its excess.
     */
    public static final int FRAME_BURST = 1000;
    public static final int FRAMES_PER_SECOND = 10;
    /** What scrapers of the alternate configuration's {@code /api/metrics} must send. */
    public static final String METRICS_TOKEN = "scrape-" + java.util.UUID.randomUUID();
    /** The alternate configuration's expired-token grace, on top of the default 5 s skew. */
    public static final int EXPIRED_GRACE_SECONDS = 4;
    /** The lifetime of exchanged tokens (POST /api/ws-token): not the default, so the key is seen to count. */
    public static final int EXCHANGE_TTL_SECONDS = 120;
    /** Where the server deployment's stand-in SSO filter puts the exchange caller's tenant. */
    public static final String EXCHANGE_TENANT_ATTRIBUTE = "roomgate.test.tenant";

    private SuiteConfig() {
    }

    /** RS256 and ES256 keys from the suite's JWKS URL, selected by kid. */
    public static Map<String, String> standard() {
        var config = new LinkedHashMap<String, String>();
        config.put("mp.jwt.verify.publickey.location", JwksServer.get().location());
        config.put("mp.jwt.verify.publickey.algorithm", "RS256,ES256");
        // Tokens with unknown or no kid (several suites send them) would otherwise spend the one
        // refetch a minute that the key-rotation test relies on, whatever order the tests run in.
        config.put("smallrye.jwt.jwks.forced-refresh-interval", "0");
        config.put("mp.jwt.verify.issuer", ISSUER);
        config.put("mp.jwt.verify.audiences", AUDIENCE);
        config.put("roomgate.auth.timeout", "PT" + AUTH_TIMEOUT_SECONDS + "S");
        config.put("roomgate.auth.allowed-origins", ALLOWED_ORIGIN);
        config.put("roomgate.limits.rooms-per-connection", String.valueOf(ROOMS_PER_CONNECTION));
        config.put("roomgate.limits.connections-per-user", String.valueOf(CONNECTIONS_PER_USER));
        config.put("roomgate.auth.server-bypass-secret", SuiteKeys.BYPASS_SECRET);
        config.put("roomgate.limits.frame-burst", String.valueOf(FRAME_BURST));
        config.put("roomgate.limits.frames-per-second", String.valueOf(FRAMES_PER_SECOND));
        config.put("roomgate.issuer.signing-key.location", SuiteKeys.issuerKeyFile());
        config.put("roomgate.issuer.key-id", JwksServer.RSA_KID);
        config.put("roomgate.issuer.ttl", "PT" + EXCHANGE_TTL_SECONDS + "S");
        config.put("roomgate.issuer.tenant-attribute", EXCHANGE_TENANT_ATTRIBUTE);
        return withRoomForTheSuite(config);
    }

    /**
     * Every suite connects from 127.0.0.1, hundreds of times and with many bad tokens on purpose:
     * per-address limits far above that. {@link #limits()} tests the limits themselves.
     */
    private static Map<String, String> withRoomForTheSuite(Map<String, String> config) {
        config.put("roomgate.limits.handshakes-per-second", "10000");
        config.put("roomgate.limits.handshake-burst", "100000");
        config.put("roomgate.limits.failed-auth-per-minute", "100000");
        return config;
    }

    /** The address at which the limits suite's requests arrive; it vouches for their X-Forwarded-For. */
    public static final String TRUSTED_PROXY = "127.0.0.1";
    public static final int HANDSHAKE_BURST = 5;
    public static final int FAILED_AUTH_PER_MINUTE = 3;
    public static final int FAILED_AUTH_BLOCK_SECONDS = 3;
    /** Live revocations per tenant: few, so that a test reaches the limit (each test revokes in a tenant of its own). */
    public static final int REVOCATIONS_PER_TENANT = 5;

    /**
     * {@link #standard()} with small per-address limits (PROTOCOL §5) and the suite's loopback
     * address as a trusted proxy, so each test can stand for its own client addresses.
     */
    public static Map<String, String> limits() {
        var config = standard();
        config.put("roomgate.net.trusted-proxies", TRUSTED_PROXY + ",::1");
        config.put("roomgate.limits.handshakes-per-second", "1");
        config.put("roomgate.limits.handshake-burst", String.valueOf(HANDSHAKE_BURST));
        config.put("roomgate.limits.failed-auth-per-minute", String.valueOf(FAILED_AUTH_PER_MINUTE));
        config.put("roomgate.limits.failed-auth-block", "PT" + FAILED_AUTH_BLOCK_SECONDS + "S");
        config.put("roomgate.limits.revocations", String.valueOf(REVOCATIONS_PER_TENANT));
        return config;
    }

    /**
     * {@link #standard()} with its JWKS at an address nothing listens on: an identity provider that is
     * down while the server starts. Port 1 of the loopback refuses at once, on every target.
     */
    public static Map<String, String> keyUnavailable() {
        var config = standard();
        config.put("mp.jwt.verify.publickey.location", "http://127.0.0.1:1/jwks.json");
        return config;
    }

    /** {@link #standard()} in dev mode: authentication not required. */
    public static Map<String, String> dev() {
        var config = standard();
        config.put("roomgate.auth.required", "false");
        return config;
    }

    /**
     * The other way to run Roomgate: a shared HS256 secret, refusal of bad credentials at the
     * upgrade, a required tenant, a custom role claim, no default room, a short grace for expired tokens,
     * a required permissions claim, small presence bounds (PROTOCOL §2.0), a metrics token and a small,
 * short-lived history (§8).
     */
    public static Map<String, String> alternate() {
        var config = new LinkedHashMap<String, String>();
        config.put("mp.jwt.verify.publickey.algorithm", "HS256");
        config.put("roomgate.auth.hmac-secret", SuiteKeys.HMAC_SECRET);
        config.put("mp.jwt.verify.issuer", ISSUER);
        config.put("mp.jwt.verify.audiences", AUDIENCE);
        config.put("roomgate.auth.reject-at-upgrade", "true");
        config.put("roomgate.tenant.required", "true");
        config.put("roomgate.claims.role", "app_role");
        config.put("roomgate.rooms.default", "");
        config.put("roomgate.auth.expired-grace", "PT" + EXPIRED_GRACE_SECONDS + "S");
        config.put("roomgate.permissions.required", "true");
        config.put("roomgate.presence.snapshot-limit", String.valueOf(PRESENCE_SNAPSHOT_LIMIT));
        config.put("roomgate.presence.events-limit", String.valueOf(PRESENCE_EVENTS_LIMIT));
        config.put("roomgate.metrics.token", METRICS_TOKEN);
        config.put("roomgate.history.size", String.valueOf(HISTORY_SIZE));
        config.put("roomgate.history.ttl", "PT" + HISTORY_TTL_SECONDS + "S");
        config.put("roomgate.history.bytes", String.valueOf(HISTORY_BYTES));
        return withRoomForTheSuite(config);
    }

    /**
     * PROTOCOL §2.0's bounds in the alternate configuration (no default room there, so only the
     * large rooms suite's own rooms ever reach them): a handful of users make a large room.
     */
    public static final int PRESENCE_SNAPSHOT_LIMIT = 3;
    public static final int PRESENCE_EVENTS_LIMIT = 4;

    /**
     * PROTOCOL §8's bounds in the alternate configuration: few messages, few bytes (two messages of
     * 3,000 characters do not fit), and a ttl a test can wait out.
     */
    public static final int HISTORY_SIZE = 5;
    public static final int HISTORY_TTL_SECONDS = 4;
    public static final int HISTORY_BYTES = 5000;

    /** As a microprofile-config.properties file. */
    public static String asProperties(Map<String, String> config) {
        var text = new StringBuilder();
        config.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        return text.toString();
    }
}
