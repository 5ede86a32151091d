package io.roomgate.auth;

import io.roomgate.config.JwtSettings;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The token verifier, built once its key loads. A key in the configuration or in a file that does not
 * load is a broken deployment and fails it at start; a JWKS URL that cannot be fetched is an identity
 * provider that is down: the application starts anyway (not ready, {@code /api/health/ready}) and
 * tries again, at most every few seconds, until it loads. Once loaded, smallrye keeps the keys it
 * fetched, so a later outage of the IdP leaves the verifier usable.
 */
final class VerifierSource {

    private static final Logger LOG = Logger.getLogger(VerifierSource.class.getName());
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final JwtSettings settings;
    private final boolean remote;
    private final AtomicBoolean loading = new AtomicBoolean();
    private volatile TokenVerifier verifier;
    private volatile long nextAttempt;

    VerifierSource(JwtSettings settings) {
        this.settings = settings;
        this.remote = settings.publicKeyLocation().map(location -> location.toLowerCase(Locale.ROOT))
                .filter(location -> location.startsWith("http://") || location.startsWith("https://")).isPresent();
        this.verifier = remote ? tryLoad() : new TokenVerifier(settings);
    }

    /** Empty while a remote key could not be loaded yet; then one caller at a time tries again. */
    Optional<TokenVerifier> verifier() {
        var current = verifier;
        if (current != null || System.nanoTime() - nextAttempt < 0 || !loading.compareAndSet(false, true)) {
            return Optional.ofNullable(current);
        }
        try {
            verifier = tryLoad();
            return Optional.ofNullable(verifier);
        } finally {
            loading.set(false);
        }
    }

    private TokenVerifier tryLoad() {
        try {
            return new TokenVerifier(settings);
        } catch (IllegalStateException unloadable) {
            nextAttempt = System.nanoTime() + RETRY_NANOS;
            LOG.warning(() -> "JWT verification keys could not be fetched from " + where(settings.publicKeyLocation().orElse(""))
                    + "; not ready until they can (retried every few seconds)");
            return null;
        }
    }

    /** Scheme and host only: a JWKS URL may carry credentials in its user info or query. */
    private static String where(String location) {
        try {
            var uri = java.net.URI.create(location);
            return uri.getHost() == null ? uri.getScheme() + ":…" : uri.getScheme() + "://" + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException notAUri) {
            return "the configured location";
        }
    }
}
