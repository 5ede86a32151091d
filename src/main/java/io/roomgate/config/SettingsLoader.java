package io.roomgate.config;

import io.roomgate.net.ClientAddressResolver;
import io.roomgate.protocol.RoomName;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/** Reads and validates every Roomgate key; an invalid value fails the deployment naming its key. */
public final class SettingsLoader {

    private SettingsLoader() {
    }

    /** Dev mode accepts expired tokens whatever their age: a grace no token outlives (about 30 years). */
    static final int DEV_MODE_GRACE_SECONDS = 30 * 365 * 24 * 3600;

    public static Settings load(Config config) {
        var read = new ConfigReader(config);
        var auth = auth(read);
        var claims = claims(read);
        return new Settings(auth, claims, rooms(read), limits(read), issuer(read, auth, claims),
                trustedProxies(read), read.bool("roomgate.demo.enabled", false),
                metrics(read),
                shutdownDrain(read),
                cluster(read));
    }

    private static ClusterSettings cluster(ConfigReader read) {
        var url = read.optional("roomgate.cluster.redis.url");
        url.ifPresent(SettingsLoader::requireRedisUrl);
        var heartbeat = positive(read.duration("roomgate.cluster.heartbeat", Duration.ofSeconds(5)), "roomgate.cluster.heartbeat");
        var timeout = positive(read.duration("roomgate.cluster.node-timeout", Duration.ofSeconds(15)), "roomgate.cluster.node-timeout");
        if (timeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new InvalidConfigurationException("roomgate.cluster.node-timeout", "must be at least twice roomgate.cluster.heartbeat");
        }
        var prefix = read.string("roomgate.cluster.key-prefix", "rg");
        if (prefix.contains("{") || prefix.contains("}")) {
            throw new InvalidConfigurationException("roomgate.cluster.key-prefix", "must not contain { or }");
        }
        return new ClusterSettings(url, read.optional("roomgate.cluster.node-id").orElseGet(SettingsLoader::defaultNodeId),
                prefix, heartbeat, timeout);
    }

    /** The value is never echoed: it may carry a password. */
    private static void requireRedisUrl(String url) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new InvalidConfigurationException("roomgate.cluster.redis.url", "must start with redis:// or rediss://");
        }
    }

    /** Host name plus a short random suffix: two nodes on one host (or a restarted node) never share an id. */
    private static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node";
        }
        return host + "-" + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36);
    }

    /** Undeploy waits for the drain: bounded so that a typo cannot hold a server's shutdown for hours. */
    private static Duration shutdownDrain(ConfigReader read) {
        var drain = read.duration("roomgate.shutdown.drain", Duration.ofSeconds(5));
        if (drain.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new InvalidConfigurationException("roomgate.shutdown.drain", "must be at most five minutes (PT5M)");
        }
        return drain;
    }

    private static AuthSettings auth(ConfigReader read) {
        boolean required = read.bool("roomgate.auth.required", true);
        var bypass = read.optional("roomgate.auth.server-bypass-secret");
        if (bypass.isPresent() && bypass.get().length() < 32) {
            throw new InvalidConfigurationException("roomgate.auth.server-bypass-secret", "must be at least 32 characters");
        }
        return new AuthSettings(
                jwt(read, required),
                required,
                bypass,
                positive(read.duration("roomgate.auth.timeout", Duration.ofSeconds(10)), "roomgate.auth.timeout"),
                read.duration("roomgate.auth.expiry-warning", Duration.ofSeconds(60)),
                positive(read.duration("roomgate.auth.revocation-retention", Duration.ofHours(24)),
                        "roomgate.auth.revocation-retention"),
                read.bool("roomgate.auth.reject-at-upgrade", false),
                read.list("roomgate.auth.allowed-origins", ""),
                read.string("roomgate.auth.cookie-name", "rooms_token"));
    }

    private static JwtSettings jwt(ConfigReader read, boolean required) {
        // the algorithm rules (known, one family, a long enough secret for HS*) are JwtSettings' own
        var algorithms = read.list(JwtSettings.ALGORITHM_KEY, "RS256");
        boolean hmac = algorithms.stream().anyMatch(JwsAlgorithms.HMAC::contains);
        var hmacSecret = read.optional(JwtSettings.HMAC_SECRET_KEY);
        if (hmacSecret.isPresent() && hmacSecret.get().length() < 32) {
            // checked even when no HS* algorithm uses it: a short secret in the configuration is a mistake either way
            throw new InvalidConfigurationException(JwtSettings.HMAC_SECRET_KEY, "must be at least 32 characters");
        }
        return new JwtSettings(
                algorithms,
                read.optional("mp.jwt.verify.publickey"),
                read.optional("mp.jwt.verify.publickey.location"),
                hmac ? hmacSecret : Optional.empty(),
                read.optional("mp.jwt.verify.issuer"),
                read.list("mp.jwt.verify.audiences", ""),
                read.nonNegativeInt("mp.jwt.verify.clock.skew", 5),
                required ? graceSeconds(read.duration("roomgate.auth.expired-grace", Duration.ZERO)) : DEV_MODE_GRACE_SECONDS,
                read.positiveInt("roomgate.auth.max-token-bytes", 8192),
                new JwksRefresh(
                        read.intBetween("smallrye.jwt.jwks.refresh-interval", JwksRefresh.DEFAULT.interval(),
                                1, JwksRefresh.MAX_MINUTES),
                        read.intBetween("smallrye.jwt.jwks.forced-refresh-interval", JwksRefresh.DEFAULT.forcedInterval(),
                                0, JwksRefresh.MAX_MINUTES)));
    }

    /** Ten years: far beyond any use, and well inside the seconds an int holds next to the skew. */
    private static final Duration MAX_GRACE = Duration.ofDays(3650);

    private static int graceSeconds(Duration grace) {
        if (grace.compareTo(MAX_GRACE) > 0) {
            throw new InvalidConfigurationException("roomgate.auth.expired-grace", "must be at most ten years (PT87600H)");
        }
        return (int) grace.toSeconds();
    }

    private static ClaimSettings claims(ConfigReader read) {
        return new ClaimSettings(
                read.string("roomgate.claims.role", "role"),
                read.string("roomgate.claims.tenant", "tenant_id"),
                read.bool("roomgate.tenant.required", false),
                read.list("roomgate.roles.moderator", "moderator"),
                read.list("roomgate.roles.admin", "admin"),
                read.string("roomgate.claims.permissions", "permissions"),
                read.bool("roomgate.permissions.required", false));
    }

    private static RoomSettings rooms(ConfigReader read) {
        var defaultRoom = read.switchable("roomgate.rooms.default", "default");
        defaultRoom.filter(name -> !RoomName.isValid(name)).ifPresent(name -> {
            throw new InvalidConfigurationException("roomgate.rooms.default", "is not a valid room name");
        });
        return new RoomSettings(defaultRoom, read.duration("roomgate.moderation.default-ban", Duration.ZERO),
                new PresenceSettings(read.positiveInt("roomgate.presence.snapshot-limit", 100),
                        read.nonNegativeInt("roomgate.presence.events-limit", 1000)),
                history(read));
    }

    private static HistorySettings history(ConfigReader read) {
        return new HistorySettings(
                read.nonNegativeInt("roomgate.history.size", 0),
                positive(read.duration("roomgate.history.ttl", Duration.ofMinutes(10)), "roomgate.history.ttl"),
                read.positiveInt("roomgate.history.bytes", 256 << 10));
    }

    private static LimitSettings limits(ConfigReader read) {
        int frameBytes = read.positiveInt("roomgate.limits.frame-bytes", 65536);
        int byteBurst = read.positiveInt("roomgate.limits.byte-burst", 1 << 20);
        if (byteBurst < frameBytes) {
            // a frame the byte bucket can never hold would be dropped however slowly it came
            throw new InvalidConfigurationException("roomgate.limits.byte-burst", "must be at least roomgate.limits.frame-bytes");
        }
        return new LimitSettings(
                frameBytes,
                read.positiveInt("roomgate.limits.rooms-per-connection", 128),
                read.positiveInt("roomgate.limits.connections-per-user", 16),
                read.positiveInt("roomgate.limits.members-per-room", 10_000),
                read.positiveInt("roomgate.limits.outbound-queue-bytes", 1 << 20),
                positive(read.duration("roomgate.limits.send-timeout", Duration.ofSeconds(10)), "roomgate.limits.send-timeout"),
                read.positiveInt("roomgate.limits.frames-per-second", 50),
                read.positiveInt("roomgate.limits.frame-burst", 100),
                read.nonNegativeInt("roomgate.limits.frame-drops-before-close", 500),
                read.positiveInt("roomgate.limits.bytes-per-second", 256 << 10),
                byteBurst,
                read.positiveInt("roomgate.limits.joins-per-second", 10),
                read.positiveInt("roomgate.limits.join-burst", 20),
                read.positiveInt("roomgate.limits.handshakes-per-second", 20),
                read.positiveInt("roomgate.limits.handshake-burst", 200),
                read.positiveInt("roomgate.limits.failed-auth-per-minute", 30),
                positive(read.duration("roomgate.limits.failed-auth-block", Duration.ofMinutes(1)), "roomgate.limits.failed-auth-block"),
                read.positiveInt("roomgate.limits.tracked-addresses", 100_000),
                read.positiveInt("roomgate.limits.revocations", 100_000));
    }

    private static IssuerSettings issuer(ConfigReader read, AuthSettings auth, ClaimSettings claims) {
        String algorithm = read.string("roomgate.issuer.algorithm", "RS256");
        if (!JwsAlgorithms.PUBLIC_KEY.contains(algorithm)) {
            // the exchange hands tokens to browsers: a shared HMAC secret would let the verifier's key mint them too
            throw new InvalidConfigurationException("roomgate.issuer.algorithm", "must be a public-key algorithm such as RS256 or ES256");
        }
        var roles = read.list("roomgate.issuer.roles", "user,moderator");
        if (roles.contains("*") || roles.contains("**")) {
            // isUserInRole("**") is true for every authenticated caller: it would hand the role to anyone
            throw new InvalidConfigurationException("roomgate.issuer.roles", "must name roles, not * or **");
        }
        var ttl = positive(read.duration("roomgate.issuer.ttl", Duration.ofMinutes(5)), "roomgate.issuer.ttl");
        if (ttl.compareTo(auth.revocationRetention()) > 0) {
            // a subject revocation is kept for the retention: tokens issued just before it must be dead by then
            throw new InvalidConfigurationException("roomgate.issuer.ttl", "must not be longer than roomgate.auth.revocation-retention");
        }
        return new IssuerSettings(
                read.optional("roomgate.issuer.signing-key.location"),
                algorithm,
                read.optional("roomgate.issuer.key-id"),
                ttl,
                read.optional("roomgate.issuer.issuer").or(() -> auth.jwt().issuer()).orElse("roomgate"),
                read.list("roomgate.issuer.audience", String.join(",", auth.jwt().audiences())),
                roles,
                read.optional("roomgate.issuer.tenant-attribute"),
                read.optional("roomgate.issuer.tenant-claim"),
                claims.tenantRequired());
    }

    private static MetricsSettings metrics(ConfigReader read) {
        var token = read.optional("roomgate.metrics.token");
        if (token.isPresent() && token.get().length() < 16) {
            // a scraper's secret that a handful of guesses could find protects nothing
            throw new InvalidConfigurationException("roomgate.metrics.token", "must be at least 16 characters");
        }
        return new MetricsSettings(token);
    }

    private static Set<String> trustedProxies(ConfigReader read) {
        var proxies = read.list("roomgate.net.trusted-proxies", "");
        try {
            ClientAddressResolver.requireValid(proxies);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("roomgate.net.trusted-proxies", e.getMessage());
        }
        return proxies;
    }

    private static Duration positive(Duration value, String key) {
        if (value.isZero()) {
            throw new InvalidConfigurationException(key, "must be longer than zero");
        }
        return value;
    }
}
