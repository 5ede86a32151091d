package io.roomgate.config;

import java.util.Set;

/**
 * The JWS algorithms Roomgate verifies and signs with, in their two families: the one list both
 * the configuration rules and the verifier go by.
 */
public final class JwsAlgorithms {

    public static final Set<String> PUBLIC_KEY =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    public static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");

    private JwsAlgorithms() {
    }

    /** jose4j's strict key validation refuses an HMAC key shorter than the hash: 32, 48 or 64 bytes. */
    static int minimumSecretBytes(String hmacAlgorithm) {
        return Integer.parseInt(hmacAlgorithm.substring(2)) / 8;
    }
}
