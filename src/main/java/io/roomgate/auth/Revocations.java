package io.roomgate.auth;

import io.roomgate.cluster.Acknowledgements;
import io.roomgate.cluster.Backplane;
import io.roomgate.cluster.ClusterEvent;
import io.roomgate.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Revokes tokens: stores the revocation for as long as a token it covers could still be accepted,
 * and tells every node to close the live connections it covers. In a cluster a revocation is only
 * acknowledged once stored in the backplane and published to every node; else it throws
 * {@link io.roomgate.cluster.ClusterUnavailableException} (PROTOCOL §9).
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
        // other nodes' revocations are honoured here too, and those made while this node was away (PROTOCOL §9)
        backplane.subscribe(event -> {
            if (event instanceof ClusterEvent.Revoked revoked) {
                store.add(Revocation.of(revoked));
            }
        });
        backplane.state().ifPresent(cluster -> cluster.onReconnect(() -> {
            // a Redis that came back empty gets this node's revocations again; then this node learns the others'
            store.all().forEach(revocation -> cluster.store(revocation.toEvent()));
            cluster.revocations().forEach(revoked -> store.add(Revocation.of(revoked)));
        }));
    }

    /**
     * One token, in {@code tenant} (null: the tenant-less scope), kept for the retention (the longest
     * life a token is expected to have). A caller's {@code exp} for the token changes nothing: it may
     * not shorten the revocation (a wrong one would let a revoked token back early) and is kept at
     * most the retention from now (PROTOCOL §7, so a far-off one cannot pin an entry in memory).
     */
    public Revocation revokeToken(String tenant, String jti) throws TooManyRevocations {
        return publish(new Revocation.OfToken(tenant, jti, now() + retentionSeconds + acceptedPastExpSeconds));
    }

    /** Every token of {@code subject} in {@code tenant} (null: the tenant-less scope) issued before {@code before}: all expire within the retention after it. */
    public Revocation revokeSubject(String tenant, String subject, long before) throws TooManyRevocations {
        return publish(new Revocation.OfSubject(tenant, subject, before, before + retentionSeconds + acceptedPastExpSeconds));
    }

    public boolean isRevoked(Identity identity) {
        return store.isRevoked(identity);
    }

    private Revocation publish(Revocation revocation) throws TooManyRevocations {
        // Stored before the cut: a connection registered too late for the cut to find it re-checks
        // the store after registering, and then finds this revocation.
        if (!store.add(revocation)) {
            throw new TooManyRevocations();
        }
        var event = revocation.toEvent();
        // stored in the cluster before it is acknowledged: a node that starts or returns later reads it there
        backplane.state().ifPresent(cluster -> cluster.store(event));
        Acknowledgements.await(backplane.publish(event));
        return revocation;
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
