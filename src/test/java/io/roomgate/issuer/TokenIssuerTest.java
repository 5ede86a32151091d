package io.roomgate.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomgate.config.InvalidConfigurationException;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchange's tokens, checked with jose4j against the public half of the configured key. */
class TokenIssuerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void tokens_carry_the_callers_identity_and_the_configured_claims_and_lifetime() throws Exception {
        var issuer = issuer(Map.of(
                "roomgate.issuer.ttl", "PT90S",
                "roomgate.issuer.key-id", "exchange-1",
                "mp.jwt.verify.issuer", "https://idp.example",
                "mp.jwt.verify.audiences", "rooms,chat",
                "roomgate.claims.tenant", "org"));

        var issued = issuer.issue(new ContainerCaller("carol", Set.of("moderator"), Optional.of("acme")));

        assertThat(issued.expiresAt()).isEqualTo(NOW.getEpochSecond() + 90);
        var claims = new JwtConsumerBuilder()
                .setVerificationKey(SuiteKeys.RSA.getPublic())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(NOW.getEpochSecond()))
                .setExpectedAudience("rooms", "chat")
                .setExpectedIssuer("https://idp.example")
                .build()
                .processToClaims(issued.token());
        assertThat(claims.getSubject()).isEqualTo("carol");
        assertThat(claims.getStringClaimValue("preferred_username")).isEqualTo("carol");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("moderator");
        assertThat(claims.getStringClaimValue("org")).isEqualTo("acme");
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue()).isEqualTo(issued.expiresAt());
        assertThat(claims.getJwtId()).isNotBlank();
        assertThat(org.jose4j.jwx.JsonWebStructure.fromCompactSerialization(issued.token()).getKeyIdHeaderValue())
                .isEqualTo("exchange-1");
    }

    @Test
    void every_token_has_its_own_jti_so_each_can_be_revoked_alone() throws Exception {
        var issuer = issuer(Map.of());
        var caller = new ContainerCaller("dave", Set.of(), Optional.empty());

        assertThat(jti(issuer.issue(caller))).isNotEqualTo(jti(issuer.issue(caller)));
    }

    @Test
    void without_a_key_location_the_exchange_is_off() {
        var issuer = new TokenIssuer(TestSettings.load(Map.of()), fixedClock());

        assertThat(issuer.enabled()).isFalse();
    }

    @Test
    void a_key_that_cannot_be_read_fails_naming_the_key_but_not_its_location_or_content(@TempDir Path dir) throws Exception {
        Path notAKey = Files.writeString(dir.resolve("secret-name.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> new TokenIssuer(TestSettings.load(Map.of("roomgate.issuer.signing-key.location", notAKey.toString())), fixedClock()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("roomgate.issuer.signing-key.location")
                .hasMessageNotContaining("secret-name")
                .hasMessageNotContaining("bm90IGEga2V5");
    }

    @Test
    void a_key_jose4j_will_not_sign_with_fails_at_start_up_not_at_the_first_request(@TempDir Path dir) throws Exception {
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        Path small = Files.writeString(dir.resolve("small.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> new TokenIssuer(TestSettings.load(Map.of("roomgate.issuer.signing-key.location", small.toString())), fixedClock()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("roomgate.issuer.signing-key.location")
                .hasMessageContaining("cannot sign RS256");
    }

    private static String jti(IssuedToken token) throws Exception {
        return new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature().setSkipSignatureVerification()
                .build().processToClaims(token.token()).getJwtId();
    }

    private static TokenIssuer issuer(Map<String, String> extra) {
        var config = new HashMap<>(extra);
        config.put("roomgate.issuer.signing-key.location", SuiteKeys.issuerKeyFile());
        return new TokenIssuer(TestSettings.load(config), fixedClock());
    }

    private static Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
