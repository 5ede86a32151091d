package io.roomgate.testing;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/** Mints tokens for the suite with real keys, the way an identity provider would. */
public final class Tokens {

    private Tokens() {
    }

    /** Claims the suite's server accepts: right issuer and audience, valid for five minutes. */
    public static JwtClaimsBuilder claims(String subject) {
        long now = Instant.now().getEpochSecond();
        return Jwt.claims()
                .subject(subject)
                .issuer(SuiteConfig.ISSUER)
                .audience(SuiteConfig.AUDIENCE)
                .issuedAt(now)
                .expiresAt(now + 300);
    }

    public static String rs256(JwtClaimsBuilder claims) {
        return claims.jws().keyId(JwksServer.RSA_KID).sign(SuiteKeys.RSA.getPrivate());
    }

    public static String hs256(JwtClaimsBuilder claims) {
        return claims.jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(SuiteKeys.HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    public static String es256(JwtClaimsBuilder claims) {
        return claims.jws().algorithm(SignatureAlgorithm.ES256).keyId(JwksServer.EC_KID).sign(SuiteKeys.EC.getPrivate());
    }

    public static String user(String subject, String... groups) {
        return rs256(claims(subject).preferredUserName(subject).groups(Set.of(groups)));
    }

    /** A user whose token carries PROTOCOL §10's permissions claim. */
    public static String permitted(String subject, List<String> permissions, String... groups) {
        return rs256(claims(subject).preferredUserName(subject).groups(Set.of(groups)).claim("permissions", permissions));
    }

    public static String tenantUser(String subject, String tenant, String... groups) {
        return rs256(claims(subject).preferredUserName(subject).groups(Set.of(groups)).claim("tenant_id", tenant));
    }
}
