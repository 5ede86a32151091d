package io.roomgate.config;

import io.roomgate.auth.JwtSettings;
import java.time.Duration;
import java.util.Set;

/** How connections prove who they are. */
public record AuthSettings(
        JwtSettings jwt,
        Duration timeout,
        Duration expiryWarning,
        boolean rejectAtUpgrade,
        Set<String> allowedOrigins,
        String cookieName) {
}
