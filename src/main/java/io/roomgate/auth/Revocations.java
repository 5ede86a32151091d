package io.roomgate.auth;

import io.roomgate.cluster.Backplane;
import io.roomgate.cluster.ClusterEvent;
import io.roomgate.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
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

    protected Revocations() {
        // for the CDI proxy
    }

    @Inject
    public Revocations(RevocationStore store, Backplane backplane, Settings settings) {
        this.store = store;
        this.backplane = backplane;
        var jwt = settings.auth().jwt();
        this.acceptedPastExpSeconds = (long) jwt.clockSkewSeconds() + jwt.expiredGraceSeconds();
        this.retentionSeconds = settings.auth().revocationRetention().toSeconds();
    }

    /**
     * One token, in {@code tenant} (null: any). Kept for the retention (the longest life a token is
     * expected to have), or until the token's {@code exp} when that is later: an {@code exp} can
     * only lengthen the revocation, so a wrong one never lets a revoked token back early.
     */
    public Revocation revokeToken(String tenant, String jti, OptionalLong exp) {
        long lastAccepted = Math.max(now() + retentionSeconds, exp.orElse(0));
        return publish(new Revocation.OfToken(tenant, jti, lastAccepted + acceptedPastExpSeconds));
    }

    /** Every token of {@code subject} in {@code tenant} (null: any) issued before {@code before}: all expire within the retention after it. */
    public Revocation revokeSubject(String tenant, String subject, long before) {
        return publish(new Revocation.OfSubject(tenant, subject, before, before + retentionSeconds + acceptedPastExpSeconds));
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

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
