package io.roomgate.auth;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PROTOCOL §1's Origin rules. An empty allow-list accepts any Origin and ignores cookies; a
 * non-empty one refuses unlisted browser origins but lets non-browser clients (no Origin) in.
 */
public final class OriginPolicy {

    private final Set<String> allowed;

    public OriginPolicy(Set<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    public boolean permits(String origin) {
        return allowed.isEmpty() || origin == null || isListed(origin);
    }

    /** Cookies ride along on cross-site requests, so only a listed Origin makes them count. */
    public boolean honoursCookies(String origin) {
        return origin != null && isListed(origin);
    }

    /** On the allow-list itself (an empty list lists nothing). */
    public boolean isListed(String origin) {
        return allowed.contains(normalise(origin));
    }

    private static String normalise(String origin) {
        String trimmed = origin.trim();
        return (trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed).toLowerCase(Locale.ROOT);
    }
}
