package io.roomgate.config;

import java.util.Optional;
import java.util.Set;

/**
 * Verification settings, named after the standard {@code mp.jwt.verify.*} keys they come from.
 * {@code publicKey} is inline PEM/JWK/JWKS text; {@code publicKeyLocation} a file:, classpath: or
 * http(s): location of the same; {@code hmacSecret} the shared secret of HS* algorithms. At most
 * one key source may be set; none means "not configured" (demo mode supplies its own key).
 * {@code expiredGraceSeconds} lets a token past {@code exp} + skew in for that much longer.
 */
public record JwtSettings(
        Set<String> algorithms,
        Optional<String> publicKey,
        Optional<String> publicKeyLocation,
        Optional<String> hmacSecret,
        Optional<String> issuer,
        Set<String> audiences,
        int clockSkewSeconds,
        int expiredGraceSeconds,
        int maxTokenBytes,
        JwksRefresh jwksRefresh) {

    public JwtSettings {
        algorithms = Set.copyOf(algorithms);
        audiences = Set.copyOf(audiences);
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm is required");
        }
        if (keySources(publicKey, publicKeyLocation, hmacSecret) > 1) {
            throw new IllegalArgumentException("only one of publicKey, publicKeyLocation, hmacSecret may be set");
        }
    }

    public boolean hasKey() {
        return keySources(publicKey, publicKeyLocation, hmacSecret) == 1;
    }

    public JwtSettings withPublicKey(String key) {
        return new JwtSettings(algorithms, Optional.of(key), Optional.empty(), Optional.empty(), issuer, audiences,
                clockSkewSeconds, expiredGraceSeconds, maxTokenBytes, jwksRefresh);
    }

    private static int keySources(Optional<String> publicKey, Optional<String> location, Optional<String> secret) {
        return (publicKey.isPresent() ? 1 : 0) + (location.isPresent() ? 1 : 0) + (secret.isPresent() ? 1 : 0);
    }

    /** Keeps key material out of any log line that prints the settings. */
    @Override
    public String toString() {
        return "JwtSettings[algorithms=" + algorithms
                + ", publicKey=" + (publicKey.isPresent() ? "<set>" : "<none>")
                + ", publicKeyLocation=" + (publicKeyLocation.isPresent() ? "<set>" : "<none>")
                + ", hmacSecret=" + (hmacSecret.isPresent() ? "<set>" : "<none>")
                + ", issuer=" + issuer.orElse("<none>")
                + ", audiences=" + audiences
                + ", clockSkewSeconds=" + clockSkewSeconds
                + ", expiredGraceSeconds=" + expiredGraceSeconds
                + ", maxTokenBytes=" + maxTokenBytes
                + ", jwksRefresh=" + jwksRefresh + "]";
    }
}
