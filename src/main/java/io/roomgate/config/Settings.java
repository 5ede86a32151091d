package io.roomgate.config;

import java.time.Duration;
import java.util.Set;

/** Everything Roomgate reads from MicroProfile Config, validated once at deployment. */
public record Settings(
        AuthSettings auth,
        ClaimSettings claims,
        RoomSettings rooms,
        LimitSettings limits,
        IssuerSettings issuer,
        Set<String> trustedProxies,
        boolean demoEnabled,
        MetricsSettings metrics,
        Duration shutdownDrain,
        ClusterSettings cluster) {
}
