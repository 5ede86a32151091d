package io.roomgate.auth;

import io.roomgate.config.InvalidConfigurationException;
import io.roomgate.config.Settings;
import io.roomgate.demo.DemoKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a presented token into an {@link Identity}, or says why not: the whole handshake auth path. */
@ApplicationScoped
public class Authenticator {

    private TokenVerifier verifier;
    private ClaimMapper mapper;

    protected Authenticator() {
        // for the CDI proxy
    }

    @Inject
    public Authenticator(Settings settings, DemoKeys demoKeys) {
        var jwt = settings.auth().jwt();
        if (!jwt.hasKey()) {
            jwt = demoKeys.publicKeyPem().map(jwt::withPublicKey).orElseThrow(() -> new InvalidConfigurationException(
                    "mp.jwt.verify.publickey", "or mp.jwt.verify.publickey.location (roomgate.auth.hmac-secret for HS*) must be set"));
        }
        this.verifier = new TokenVerifier(jwt);
        this.mapper = new ClaimMapper(settings.claims());
    }

    /**
     * Does nothing itself: this bean is application-scoped, so what others hold is a client proxy and
     * the constructor (key loading, JWKS fetch) runs on the first call through it. {@code StartupCheck}
     * calls this so that call is at start-up, not at the first handshake.
     */
    public void ensureReady() {
        // the call through the proxy is the point
    }

    public Identity authenticate(String token) throws TokenRejectedException {
        return mapper.map(verifier.verify(token));
    }
}
