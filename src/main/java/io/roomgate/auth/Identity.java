package io.roomgate.auth;

import java.util.Set;

/**
 * Who a connection is, as proven by its token (PROTOCOL §6). {@code tenant} is null for
 * tenant-less tokens, which form their own scope.
 */
public record Identity(String userId, String username, Set<String> roles, String tenant, long exp) {

    public Identity {
        roles = Set.copyOf(roles);
    }

    public boolean hasAnyRole(Set<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}
