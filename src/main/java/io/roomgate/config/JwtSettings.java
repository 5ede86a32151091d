package io.roomgate.config;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Verification settings, named after the standard {@code mp.jwt.verify.*} keys they come from.
 * {@code publicKey} is inline PEM/JWK/JWKS text; {@code publicKeyLocation} a file:, classpath: or
 * http(s): location of the same; {@code hmacSecret} the shared secret of HS* algorithms. At most
 * one key source may be set; none means "not configured" (demo mode supplies its own key).
 * {@code expiredGraceSeconds} lets a token past {@code exp} + skew in for that much longer.
 * The algorithm rules are checked here, once, so that no verifier can be built on settings that
 * would allow key confusion; the messages name the configuration keys.
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

    static final String ALGORITHM_KEY = "mp.jwt.verify.publickey.algorithm";
    static final String HMAC_SECRET_KEY = "roomgate.auth.hmac-secret";

    public JwtSettings {
        // in the configured order: for PEM content smallrye decodes the key for the first algorithm
        algorithms = Collections.unmodifiableSet(new LinkedHashSet<>(algorithms));
        audiences = Collections.unmodifiableSet(new LinkedHashSet<>(audiences));
        requireSafeAlgorithms(algorithms, hmacSecret);
        if (keySources(publicKey, publicKeyLocation, hmacSecret) > 1) {
            throw new InvalidConfigurationException("mp.jwt.verify.publickey",
                    "must not be set together with mp.jwt.verify.publickey.location or " + HMAC_SECRET_KEY);
        }
    }

    private static void requireSafeAlgorithms(Set<String> algorithms, Optional<String> hmacSecret) {
        if (algorithms.isEmpty()) {
            throw new InvalidConfigurationException(ALGORITHM_KEY, "must name at least one algorithm");
        }
        for (var algorithm : algorithms) {
            if (!JwsAlgorithms.PUBLIC_KEY.contains(algorithm) && !JwsAlgorithms.HMAC.contains(algorithm)) {
                throw new InvalidConfigurationException(ALGORITHM_KEY,
                        "names an unknown algorithm; use RS256, ES256, HS256 or another JWS algorithm");
            }
        }
        boolean hmac = algorithms.stream().anyMatch(JwsAlgorithms.HMAC::contains);
        if (hmac && algorithms.stream().anyMatch(JwsAlgorithms.PUBLIC_KEY::contains)) {
            // Mixing both families is exactly what key-confusion attacks need.
            throw new InvalidConfigurationException(ALGORITHM_KEY, "must not mix HMAC (HS*) and public-key algorithms");
        }
        if (hmac != hmacSecret.isPresent()) {
            throw new InvalidConfigurationException(HMAC_SECRET_KEY,
                    hmac ? "is required for HS* algorithms" : "is used only with HS* algorithms");
        }
        if (hmac) {
            int secretBytes = hmacSecret.get().getBytes(StandardCharsets.UTF_8).length;
            for (var algorithm : algorithms) {
                if (secretBytes < JwsAlgorithms.minimumSecretBytes(algorithm)) {
                    throw new InvalidConfigurationException(HMAC_SECRET_KEY, "must be at least "
                            + JwsAlgorithms.minimumSecretBytes(algorithm) + " bytes for " + algorithm);
                }
            }
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
