package io.roomgate.auth;

import io.roomgate.cluster.Backplane;
import io.roomgate.cluster.ClusterEvent;
import io.roomgate.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.OptionalLong;

/**
 * Revokes tokens: stores the revocation for as long as a token it covers could still be accepted,
 * and tells every node to close the live connections it covers.
 */
@ApplicationScoped
public class Revocations {

    private RevocationStore store;
    private Backplane backplane;
    private long acceptedPastExpSeconds;
    private long retentionSeconds;
    private Clock clock;

    protected Revocations() {
        // for the CDI proxy
    }

    @Inject
    public Revocations(RevocationStore store, Backplane backplane, Settings settings) {
        this(store, backplane, settings, Clock.systemUTC());
    }

    Revocations(RevocationStore store, Backplane backplane, Settings settings, Clock clock) {
        this.store = store;
        this.backplane = backplane;
        var jwt = settings.auth().jwt();
        this.acceptedPastExpSeconds = (long) jwt.clockSkewSeconds() + jwt.expiredGraceSeconds();
        this.retentionSeconds = settings.auth().revocationRetention().toSeconds();
        this.clock = clock;
    }

    /**
     * One token. With its {@code exp} known the revocation is kept until the token could no longer
     * be accepted; without it, for the retention (the longest life a token is expected to have).
     */
    public Revocation revokeToken(String jti, OptionalLong exp) {
        long now = clock.instant().getEpochSecond();
        long lastAccepted = exp.isPresent() ? exp.getAsLong() : now + retentionSeconds;
        return publish(new Revocation.OfToken(jti, lastAccepted + acceptedPastExpSeconds));
    }

    /** Every token of {@code subject} issued before {@code before}: they all expire within the retention after it. */
    public Revocation revokeSubject(String subject, long before) {
        return publish(new Revocation.OfSubject(subject, before, before + retentionSeconds + acceptedPastExpSeconds));
    }

    public boolean isRevoked(Identity identity) {
        return store.isRevoked(identity);
    }

    private Revocation publish(Revocation revocation) {
        // Stored before the cut: a connection registered too late for the cut to find it re-checks
        // the store after registering, and then finds this revocation.
        store.add(revocation);
        backplane.publish(new ClusterEvent.Revoked(revocation));
        return revocation;
    }
}
