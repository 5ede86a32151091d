package io.roomgate.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The session-to-token exchange ({@code POST /api/ws-token}): the key Roomgate signs WebSocket
 * tokens with (none: the exchange answers 404), their lifetime and claims, and how a container
 * caller's roles and tenant are found.
 */
public record IssuerSettings(
        Optional<String> signingKeyLocation,
        String algorithm,
        Optional<String> keyId,
        Duration ttl,
        String issuer,
        Set<String> audiences,
        Set<String> roles,
        Optional<String> tenantAttribute,
        Optional<String> tenantClaim) {

    public boolean enabled() {
        return signingKeyLocation.isPresent();
    }
}
