package io.roomgate.auth;

import java.util.Set;

/**
 * Who a connection is, as proven by its token (PROTOCOL §6). {@code tenant} is null for
 * tenant-less tokens, which form their own scope.
 */
public record Identity(String userId, String username, Set<String> roles, String tenant, long exp) {

    /**
     * {@code exp} of identities no token limits (guests, dev tokens, the server bypass):
     * 9999-12-31T23:59:59Z, a NumericDate every client can hold exactly.
     */
    public static final long NO_EXPIRY = 253_402_300_799L;

    public boolean expires() {
        return exp < NO_EXPIRY;
    }

    public Identity {
        roles = Set.copyOf(roles);
    }

    public boolean hasAnyRole(Set<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}
