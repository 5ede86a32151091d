package io.roomgate.bench;

import io.roomgate.auth.Authenticator;
import io.roomgate.auth.CredentialExtractor;
import io.roomgate.auth.HandshakeView;
import io.roomgate.auth.InMemoryRevocationStore;
import io.roomgate.auth.Identity;
import io.roomgate.auth.OriginPolicy;
import io.roomgate.demo.DemoKeys;
import io.roomgate.testing.TestSettings;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The handshake's whole auth path: find the credential in the upgrade request, verify it
 * (smallrye-jwt/jose4j plus Roomgate's rules), map the claims, check revocation. Tokens look like
 * an IdP's access tokens (issuer, audience, username, groups, tenant, jti: about 700 characters
 * with RS256).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuthPathBenchmark {

    private static final String ISSUER = "https://idp.example.com/realms/roomgate";
    private static final String HMAC_SECRET = "a-bench-secret-of-at-least-thirty-two-characters";

    @Param({"RS256", "ES256", "HS256"})
    public String algorithm;

    private Authenticator authenticator;
    private CredentialExtractor extractor;
    private HandshakeView request;

    @Setup
    public void setUp() throws Exception {
        var config = new java.util.HashMap<String, String>(Map.of(
                "mp.jwt.verify.publickey.algorithm", algorithm,
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", "roomgate"));
        String token;
        var claims = Jwt.claims()
                .issuer(ISSUER).audience("roomgate").subject("7f3c2a9e-5b1d-4e8f-9a2c-1d4b6e8f0a3c")
                .preferredUserName("alice.example").groups(Set.of("user", "moderator"))
                .claim("tenant_id", "acme-corporation").claim("jti", "b9d4c1e2-8f7a-4b3c-9d2e-1f0a6b5c4d3e")
                .issuedAt(Instant.now().getEpochSecond()).expiresAt(Instant.now().getEpochSecond() + 3600);
        switch (algorithm) {
            case "RS256" -> {
                KeyPair keys = generate("RSA", null);
                config.put("mp.jwt.verify.publickey", pem(keys));
                token = claims.jws().keyId("rsa-1").sign(keys.getPrivate());
            }
            case "ES256" -> {
                KeyPair keys = generate("EC", new ECGenParameterSpec("secp256r1"));
                config.put("mp.jwt.verify.publickey", pem(keys));
                token = claims.jws().algorithm(SignatureAlgorithm.ES256).keyId("ec-1").sign(keys.getPrivate());
            }
            default -> {
                config.put("roomgate.auth.hmac-secret", HMAC_SECRET);
                token = claims.jws().algorithm(SignatureAlgorithm.HS256)
                        .sign(new SecretKeySpec(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            }
        }
        var settings = TestSettings.load(config);
        authenticator = new Authenticator(settings, new DemoKeys(settings), new InMemoryRevocationStore(settings));
        extractor = new CredentialExtractor(new OriginPolicy(Set.of()), "rooms_token");
        request = new HandshakeView(Map.of(
                "Sec-WebSocket-Protocol", List.of("rooms.v1, bearer." + token),
                "Origin", List.of("https://app.example.com")), Map.of());
        authenticate(); // fail the setup, not the measurement, if the token is refused
    }

    @Benchmark
    public Identity authenticate() throws Exception {
        return authenticator.authenticate(extractor.find(request).orElseThrow().token());
    }

    private static KeyPair generate(String type, ECGenParameterSpec curve) throws Exception {
        var generator = KeyPairGenerator.getInstance(type);
        if (curve == null) {
            generator.initialize(2048);
        } else {
            generator.initialize(curve);
        }
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----";
    }
}
