package io.roomgate.suite;

import static io.roomgate.suite.HandshakeSuite.assertUnauthorized;
import static io.roomgate.testing.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.roomgate.testing.JwksServer;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Known attacks on JWT verifiers, each sent through every credential carrier of PROTOCOL §1: the
 * client must read the fixed refusal, whichever way the token came in.
 */
@DisplayName("§6 Attacks")
public abstract class AttackSuite {

    private static final String SIGNATURE = "Invalid JWT: signature verification failed";

    /** One way to present a credential: the name a failure reports, and how to open a client with it. */
    private record Carrier(String name, Function<String, WsClient> open) {
    }

    private static final List<Carrier> CARRIERS = List.of(
            new Carrier("Authorization header", token -> WsClient.to(Target.rooms()).bearer(token).open()),
            new Carrier("bearer. subprotocol", token -> WsClient.to(Target.rooms()).subprotocols("rooms.v1", "bearer." + token).open()),
            new Carrier("access_token query", token -> WsClient.to(Target.rooms("access_token=" + token)).open()),
            new Carrier("cookie with an allowed Origin", token -> WsClient.to(Target.rooms())
                    .header("Origin", SuiteConfig.ALLOWED_ORIGIN).header("Cookie", "rooms_token=" + token).open()),
            new Carrier("hub:connect", token -> {
                var client = WsClient.to(Target.rooms()).open();
                client.send("{\"type\":\"hub:connect\",\"payload\":{\"jwt\":\"" + token + "\"}}");
                return client;
            }));

    @Test
    void keys_offered_in_the_token_header_are_never_fetched_nor_trusted() throws Exception {
        var hits = new AtomicInteger();
        HttpServer trap = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trap.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        trap.start();
        try {
            String trapUrl = "http://127.0.0.1:" + trap.getAddress().getPort() + "/keys";
            var attacker = SuiteKeys.OTHER_RSA;
            var embedded = PublicJsonWebKey.Factory.newPublicJwk(attacker.getPublic());
            String token = claims("mallory").jws().keyId("attacker")
                    .header("jwk", embedded.toParams(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                    .header("jku", trapUrl).header("x5u", trapUrl)
                    .sign(attacker.getPrivate());
            refusedThroughEveryCarrier(token, SIGNATURE);
        } finally {
            trap.stop(0);
        }
        assertThat(hits).as("requests to the URLs the token named").hasValue(0);
    }

    @Test
    void a_kid_that_walks_the_file_system_reads_signature_verification_failed() {
        String token = claims("mallory").jws().algorithm(SignatureAlgorithm.HS256).keyId("../../../../../../dev/null")
                .sign(new SecretKeySpec(new byte[32], "HmacSHA256"));
        refusedThroughEveryCarrier(token, SIGNATURE);
    }

    @Test
    void an_es256_signature_of_zeros_reads_signature_verification_failed() throws Exception {
        // CVE-2022-21449: r = s = 0 verified as valid on unpatched JDKs
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String signed = claims("mallory").jws().algorithm(SignatureAlgorithm.ES256).keyId(JwksServer.EC_KID)
                .sign(generator.generateKeyPair().getPrivate());
        String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        refusedThroughEveryCarrier(signed.substring(0, signed.lastIndexOf('.') + 1) + zeros, SIGNATURE);
    }

    @Test
    void alg_none_reads_signature_verification_failed_through_every_carrier() {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        long now = Instant.now().getEpochSecond();
        String payload = base64("{\"sub\":\"mallory\",\"iss\":\"" + SuiteConfig.ISSUER + "\",\"aud\":\"" + SuiteConfig.AUDIENCE
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
        refusedThroughEveryCarrier(header + "." + payload + ".", SIGNATURE);
    }

    @Test
    void a_token_without_sub_reads_claims_rejected_through_every_carrier() {
        long now = Instant.now().getEpochSecond();
        String token = io.smallrye.jwt.build.Jwt.claims().issuer(SuiteConfig.ISSUER).audience(SuiteConfig.AUDIENCE)
                .issuedAt(now).expiresAt(now + 300).jws().keyId(JwksServer.RSA_KID).sign(SuiteKeys.RSA.getPrivate());
        refusedThroughEveryCarrier(token, "Invalid JWT: claims rejected");
    }

    @Test
    void a_future_iat_reads_claims_rejected_through_every_carrier() {
        long now = Instant.now().getEpochSecond();
        refusedThroughEveryCarrier(io.roomgate.testing.Tokens.rs256(claims("mallory").issuedAt(now + 600).expiresAt(now + 900)),
                "Invalid JWT: claims rejected");
    }

    private static void refusedThroughEveryCarrier(String token, String message) {
        for (var carrier : CARRIERS) {
            try (var client = carrier.open().apply(token)) {
                assertUnauthorized(client, message, "Unauthorized");
            } catch (AssertionError e) {
                throw new AssertionError("through the " + carrier.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
