package io.roomgate.issuer;

import io.roomgate.config.InvalidConfigurationException;
import io.roomgate.config.IssuerSettings;
import io.roomgate.config.Settings;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.Key;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Signs the short-lived WebSocket tokens of the session-to-token exchange with
 * {@code roomgate.issuer.signing-key.location}, read once when the application starts so a key
 * that cannot be read fails the deployment instead of the first request.
 */
@ApplicationScoped
public class TokenIssuer {

    private static final String KEY_LOCATION = "roomgate.issuer.signing-key.location";

    private IssuerSettings settings;
    private String tenantClaim;
    private SignatureAlgorithm algorithm;
    private PrivateKey key;
    private Clock clock;

    protected TokenIssuer() {
        // for the CDI proxy
    }

    @Inject
    public TokenIssuer(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    TokenIssuer(Settings settings, Clock clock) {
        this.settings = settings.issuer();
        this.tenantClaim = settings.claims().tenantClaim();
        this.clock = clock;
        this.algorithm = SignatureAlgorithm.fromAlgorithm(settings.issuer().algorithm());
        this.key = settings.issuer().signingKeyLocation().map(this::readKey).orElse(null);
        if (key != null) {
            signProbe();
        }
    }

    /** A key jose4j reads but will not sign with (RSA under 2048 bits, another curve) fails here, not per request. */
    private void signProbe() {
        try {
            issue(new ContainerCaller("roomgate-start-up-probe", Set.of(), Optional.empty()));
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(KEY_LOCATION, "cannot sign " + settings.algorithm()
                    + " tokens (a key too small or of another kind)");
        }
    }

    public boolean enabled() {
        return key != null;
    }

    public IssuedToken issue(ContainerCaller caller) {
        if (key == null) {
            throw new IllegalStateException("no signing key configured (" + KEY_LOCATION + ")");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.ttl());
        var claims = TokenClaims.of(caller, settings.issuer(), settings.audiences(), tenantClaim, now, expiresAt);
        var signature = claims.jws().algorithm(algorithm);
        settings.keyId().ifPresent(signature::keyId);
        return new IssuedToken(signature.sign(key), expiresAt.getEpochSecond());
    }

    private PrivateKey readKey(String location) {
        Key read;
        try {
            read = KeyUtils.readSigningKey(location, settings.keyId().orElse(null), algorithm);
        } catch (IOException | RuntimeException e) {
            // the location may be a URL with credentials and the content is a private key: neither goes in the message
            throw new InvalidConfigurationException(KEY_LOCATION, "cannot be read as a private key");
        }
        if (!(read instanceof PrivateKey privateKey)) {
            throw new InvalidConfigurationException(KEY_LOCATION, "must hold a private key for " + settings.algorithm());
        }
        return privateKey;
    }
}
