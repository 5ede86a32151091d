package io.roomgate.demo;

import io.roomgate.auth.LocalVerificationKey;
import io.roomgate.cluster.Backplane;
import io.roomgate.cluster.ClusterState;
import io.roomgate.cluster.ClusterUnavailableException;
import io.roomgate.cluster.LocalBackplane;
import io.roomgate.config.Settings;
import io.roomgate.issuer.ContainerCaller;
import io.roomgate.issuer.IssuedToken;
import io.roomgate.issuer.TokenClaims;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Demo mode's throwaway RSA key pair, made at start-up and kept in memory only: tokens it signs stop
 * verifying when the server restarts. In a cluster (PROTOCOL §9) every node must accept every node's
 * demo tokens: the first node to start stores its pair in Redis and the others use that one, so
 * there the pair lives as long as Redis keeps it.
 */
@ApplicationScoped
public class DemoKeys implements LocalVerificationKey {

    private static final Logger LOG = Logger.getLogger(DemoKeys.class.getName());

    private KeyPair keyPair;
    private Settings settings;

    protected DemoKeys() {
        // for the CDI proxy
    }

    public DemoKeys(Settings settings) {
        this(settings, new LocalBackplane());
    }

    @Inject
    public DemoKeys(Settings settings, Backplane backplane) {
        this.settings = settings;
        if (settings.demoEnabled()) {
            KeyPair own = generate();
            this.keyPair = backplane.state().map(cluster -> shared(cluster, own)).orElse(own);
        }
    }

    private static KeyPair generate() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    /** The cluster's pair: ours if we are first, else the one stored first. */
    private static KeyPair shared(ClusterState cluster, KeyPair own) {
        var base64 = Base64.getEncoder();
        String offered = base64.encodeToString(own.getPrivate().getEncoded()) + "." + base64.encodeToString(own.getPublic().getEncoded());
        try {
            String stored = cluster.shareOnce("demo-key", offered);
            if (stored.equals(offered)) {
                return own;
            }
            int dot = stored.indexOf('.');
            var rsa = KeyFactory.getInstance("RSA");
            return new KeyPair(
                    rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(stored.substring(dot + 1)))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.substring(0, dot)))));
        } catch (ClusterUnavailableException e) {
            LOG.warning("Cluster backplane unreachable at start: this node's demo tokens verify on this node only");
            return own;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the cluster's demo key pair is unreadable", e);
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
