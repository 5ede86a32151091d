package io.roomgate.bench;

import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ceilings {@link AuthPathBenchmark}'s RS256 figure is to be read against, on the same
 * machine and token: the JDK's RSA-2048 signature check alone, and jose4j verifying and parsing
 * the token with a consumer built once (what smallrye-jwt wraps).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Rs256CeilingBenchmark {

    private KeyPair keys;
    private byte[] signingInput;
    private byte[] signature;
    private String token;
    private JwtConsumer consumer;

    @Setup
    public void setUp() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        long now = Instant.now().getEpochSecond();
        token = Jwt.claims().issuer("https://idp.example.com/realms/roomgate").audience("roomgate")
                .subject("7f3c2a9e-5b1d-4e8f-9a2c-1d4b6e8f0a3c").preferredUserName("alice.example")
                .claim("tenant_id", "acme-corporation").issuedAt(now).expiresAt(now + 3600)
                .jws().keyId("rsa-1").sign(keys.getPrivate());
        int lastDot = token.lastIndexOf('.');
        signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        consumer = new JwtConsumerBuilder().setVerificationKey(keys.getPublic())
                .setExpectedIssuer("https://idp.example.com/realms/roomgate").setExpectedAudience("roomgate")
                .setRequireExpirationTime().setRequireSubject().build();
    }

    @Benchmark
    public boolean jdkRsaVerify() throws Exception {
        var verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(signingInput);
        return verifier.verify(signature);
    }

    @Benchmark
    public JwtClaims jose4jConsumer() throws Exception {
        return consumer.processToClaims(token);
    }
}
