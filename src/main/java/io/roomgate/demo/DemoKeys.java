package io.roomgate.demo;

import io.roomgate.auth.LocalVerificationKey;
import io.roomgate.config.Settings;
import io.roomgate.issuer.ContainerCaller;
import io.roomgate.issuer.IssuedToken;
import io.roomgate.issuer.TokenClaims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Demo mode's throwaway RSA key pair, made at start-up and never stored: tokens it signs stop
 * verifying when the server restarts.
 */
@ApplicationScoped
public class DemoKeys implements LocalVerificationKey {

    private KeyPair keyPair;
    private Settings settings;

    protected DemoKeys() {
        // for the CDI proxy
    }

    @Inject
    public DemoKeys(Settings settings) {
        this.settings = settings;
        if (settings.demoEnabled()) {
            try {
                var generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                this.keyPair = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("RSA is not available in this JVM", e);
            }
        }
    }

    public boolean enabled() {
        return keyPair != null;
    }

    /** The public key as PEM, for the verifier. */
    @Override
    public Optional<String> publicKeyPem() {
        if (keyPair == null) {
            return Optional.empty();
        }
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keyPair.getPublic().getEncoded());
        return Optional.of("-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----");
    }

    public IssuedToken sign(String user, Optional<String> role, Optional<String> tenant, Duration lifetime,
            Optional<List<String>> permissions) {
        var jwt = settings.auth().jwt();
        Instant issuedAt = Instant.now();
        Instant expiresAt = issuedAt.plus(lifetime);
        var caller = new ContainerCaller(user, role.map(Set::of).orElse(Set.of()), tenant);
        var claims = TokenClaims.of(caller, jwt.issuer().orElse("roomgate-demo"), jwt.audiences(),
                settings.claims().tenantClaim(), issuedAt, expiresAt);
        permissions.ifPresent(claim -> claims.claim(settings.claims().permissionsClaim(), claim));
        return new IssuedToken(claims.jws().keyId("demo").sign(keyPair.getPrivate()), expiresAt.getEpochSecond());
    }
}
