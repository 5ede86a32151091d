package io.roomgate.issuer;

import java.util.Optional;
import java.util.Set;

/** A user the container authenticated over HTTP, as the token exchange sees it. */
public record ContainerCaller(String userId, Set<String> roles, Optional<String> tenant) {

    public ContainerCaller {
        roles = Set.copyOf(roles);
    }
}
