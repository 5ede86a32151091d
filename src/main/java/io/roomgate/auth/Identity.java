package io.roomgate.auth;

import io.roomgate.permissions.Permissions;
import java.util.Objects;
import java.util.Set;

/**
 * Who a connection is, as proven by its token (PROTOCOL §6). {@code tenant} is null for
 * tenant-less tokens, which form their own scope. {@code jti} and {@code issuedAt} identify the
 * token for revocation; {@code fromToken} says whether a verified token stands behind the identity
 * at all. An explicit flag, not {@code issuedAt > 0}: a verified token may carry {@code iat} 0 or
 * a negative one, and a revocation must reach it all the same. {@code permissions}: what it may do
 * room by room (PROTOCOL §10). {@code issuer} and {@code keyId}: the token's {@code iss} and the
 * {@code kid} its signature was verified with (null when absent), for the audit log.
 */
public record Identity(String userId, String username, Set<String> roles, String tenant, long exp,
                       String jti, long issuedAt, boolean fromToken, Permissions permissions,
                       String issuer, String keyId) {

    /**
     * {@code exp} of identities no token limits (guests, dev tokens, the server bypass):
     * 9999-12-31T23:59:59Z, a NumericDate every client can hold exactly.
     */
    public static final long NO_EXPIRY = 253_402_300_799L;

    /**
     * The user id of the server bypass (PROTOCOL §1), reserved for it: no token or dev credential
     * may claim it, so messages {@code from} it and its exemptions belong to internal services alone.
     */
    public static final String SERVER_USER = "server";

    public Identity {
        roles = Set.copyOf(roles);
        Objects.requireNonNull(permissions, "permissions");
    }

    /**
     * An identity without an issuer's token behind it: it never expires, cannot be revoked and is
     * not restricted by permissions (the bypass is never; dev mode trusts whatever the client says).
     */
    public static Identity withoutToken(String userId, Set<String> roles, String tenant) {
        return new Identity(userId, userId, roles, tenant, NO_EXPIRY, null, 0, false, Permissions.UNRESTRICTED, null, null);
    }

    public boolean expires() {
        return exp < NO_EXPIRY;
    }

    /**
     * The server bypass (PROTOCOL §1): no token, user {@code server}, which neither a JWT nor a
     * {@code dev:} token may name. Exempt from per-user limits and never kicked.
     */
    public boolean isServerBypass() {
        return !fromToken && SERVER_USER.equals(userId);
    }

    public boolean hasAnyRole(Set<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}
