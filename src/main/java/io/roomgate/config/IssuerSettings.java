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
        Optional<String> tenantClaim,
        boolean tenantRequired) {

    public boolean enabled() {
        return signingKeyLocation.isPresent();
    }

    /**
     * Where a tenant source is configured (or tenants are required), a caller without a tenant is
     * refused rather than handed a token of the tenant-less scope, which would escape every
     * tenant's bans and revocations.
     */
    public boolean tenantExpected() {
        return tenantRequired || tenantAttribute.isPresent() || tenantClaim.isPresent();
    }

    /** The key's location may be a URL with credentials in it. */
    @Override
    public String toString() {
        return "IssuerSettings[signingKey=" + (enabled() ? "(set)" : "(none)") + ", algorithm=" + algorithm
                + ", keyId=" + keyId + ", ttl=" + ttl + ", issuer=" + issuer + ", audiences=" + audiences
                + ", roles=" + roles + ", tenantAttribute=" + tenantAttribute + ", tenantClaim=" + tenantClaim
                + ", tenantRequired=" + tenantRequired + "]";
    }
}
