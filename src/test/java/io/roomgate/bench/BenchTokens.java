package io.roomgate.bench;

import io.roomgate.load.TokenSource;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * RS256 tokens the way an identity provider issues them, minted before a workload starts so the
 * driver's signing never competes with the measurement; forged ones are signed with another key.
 */
final class BenchTokens implements TokenSource {

    static final String ISSUER = "https://idp.bench.roomgate";
    static final String AUDIENCE = "roomgate-bench";

    private final KeyPair issuer = rsa();
    private final KeyPair impostor = rsa();
    private final Map<String, String> valid = new ConcurrentHashMap<>();
    private final Map<String, String> forged = new ConcurrentHashMap<>();

    /** Writes the verification key where the server's {@code mp.jwt.verify.publickey.location} points. */
    Path writePublicKey(Path file) throws IOException {
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(issuer.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    /** Mints {@code prefix0} … {@code prefix(count-1)}'s tokens ahead of the workload. */
    void prepareValid(String prefix, int count) {
        IntStream.range(0, count).parallel().forEach(i -> valid(prefix + i));
    }

    void prepareForged(String prefix, int count) {
        IntStream.range(0, count).parallel().forEach(i -> forged(prefix + i));
    }

    @Override
    public String valid(String userId) {
        return valid.computeIfAbsent(userId, user -> sign(user, issuer));
    }

    @Override
    public String forged(String userId) {
        return forged.computeIfAbsent(userId, user -> sign(user, impostor));
    }

    private static String sign(String user, KeyPair keys) {
        long now = Instant.now().getEpochSecond();
        return Jwt.claims().issuer(ISSUER).audience(AUDIENCE).subject(user).preferredUserName(user)
                .groups(Set.of("user")).issuedAt(now).expiresAt(now + 7200)
                .jws().keyId("bench-1").sign(keys.getPrivate());
    }

    private static KeyPair rsa() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
