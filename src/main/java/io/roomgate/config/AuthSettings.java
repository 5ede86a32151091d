package io.roomgate.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** How connections prove who they are. */
public record AuthSettings(
        JwtSettings jwt,
        boolean required,
        Optional<String> serverBypassSecret,
        Duration timeout,
        Duration expiryWarning,
        Duration revocationRetention,
        boolean rejectAtUpgrade,
        Set<String> allowedOrigins,
        String cookieName) {

    /** Keeps the bypass secret out of any log line that prints the settings. */
    @Override
    public String toString() {
        return "AuthSettings[jwt=" + jwt + ", required=" + required
                + ", serverBypassSecret=" + (serverBypassSecret.isPresent() ? "<set>" : "<none>")
                + ", timeout=" + timeout + ", expiryWarning=" + expiryWarning + ", revocationRetention=" + revocationRetention + ", rejectAtUpgrade=" + rejectAtUpgrade
                + ", allowedOrigins=" + allowedOrigins + ", cookieName=" + cookieName + "]";
    }
}
