package io.roomgate.auth;

import io.roomgate.config.InvalidConfigurationException;
import io.roomgate.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Turns a presented token into an {@link Identity}, or says why not: the whole handshake auth path. */
@ApplicationScoped
public class Authenticator {

    private static final String GUEST_ROLE = "guest";

    private VerifierSource verifier;
    private ClaimMapper mapper;
    private ServerBypass bypass;
    private boolean required;
    private RevocationStore revocations;
    private final AtomicLong guests = new AtomicLong();

    protected Authenticator() {
        // for the CDI proxy
    }

    @Inject
    public Authenticator(Settings settings, LocalVerificationKey localKey, RevocationStore revocations) {
        var jwt = settings.auth().jwt();
        if (!jwt.hasKey()) {
            jwt = localKey.publicKeyPem().map(jwt::withPublicKey).orElseThrow(() -> new InvalidConfigurationException(
                    "mp.jwt.verify.publickey", "or mp.jwt.verify.publickey.location (roomgate.auth.hmac-secret for HS*) must be set"));
        }
        this.verifier = new VerifierSource(jwt);
        this.mapper = new ClaimMapper(settings.claims());
        this.bypass = new ServerBypass(settings.auth().serverBypassSecret());
        this.required = settings.auth().required();
        this.revocations = revocations;
    }

    /**
     * Does nothing itself: this bean is application-scoped, so what others hold is a client proxy and
     * the constructor (key loading, JWKS fetch) runs on the first call through it. {@code StartupCheck}
     * calls this so that call is at start-up, not at the first handshake.
     */
    public void ensureReady() {
        // the call through the proxy is the point
    }

    /** Whether tokens can be verified now: the key loaded (a JWKS fetched once counts, PROTOCOL-notes "Health"). */
    public boolean keyUsable() {
        return verifier.verifier().isPresent();
    }

    /**
     * Any credential, from any carrier: the server-bypass secret, a dev token (dev mode only; in
     * required mode it is just not a JWT), or a JWT that has not been revoked.
     */
    public Identity authenticate(String credential) throws TokenRejectedException {
        var server = bypass.identify(credential);
        if (server.isPresent()) {
            return server.get();
        }
        if (!required && DevToken.looksLikeOne(credential)) {
            return DevToken.parse(credential);
        }
        // no key yet (the IdP's JWKS could not be fetched): no token can be verified
        var identity = mapper.map(verifier.verifier().orElseThrow(() -> new TokenRejectedException(AuthFailure.SIGNATURE))
                .verifyToken(credential));
        if (revocations.isRevoked(identity)) {
            throw new TokenRejectedException(AuthFailure.REVOKED);
        }
        return identity;
    }

    /** Who a connection without any credential is: nobody when authentication is required. */
    public Optional<Identity> anonymous() {
        if (required) {
            return Optional.empty();
        }
        String name = "guest-" + guests.incrementAndGet();
        return Optional.of(Identity.withoutToken(name, Set.of(GUEST_ROLE), null));
    }
}
