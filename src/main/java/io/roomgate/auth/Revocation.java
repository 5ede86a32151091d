package io.roomgate.auth;

import io.roomgate.cluster.ClusterEvent;
import java.util.Objects;

/**
 * A revocation (PROTOCOL §2.2): one token by its {@code jti}, or every token of a subject issued
 * before an instant; within one tenant's scope, the tenant-less one when {@code tenant} is null
 * (PROTOCOL §7: nobody revokes across tenants). Only identities an issuer's token stands behind can
 * be covered: guests, dev tokens and the server bypass are not tokens an issuer can take back.
 */
public sealed interface Revocation {

    /** Null: the tenant-less scope. */
    String tenant();

    /** Epoch second from which no token this revocation covers could be accepted anyway. */
    long keepUntil();

    boolean covers(Identity identity);

    /** As the backplane carries it to the other nodes. */
    ClusterEvent.Revoked toEvent();

    static Revocation of(ClusterEvent.Revoked event) {
        return event.jti() != null
                ? new OfToken(event.tenant(), event.jti(), event.keepUntil())
                : new OfSubject(event.tenant(), event.subject(), event.before(), event.keepUntil());
    }

    private static boolean inScope(String tenant, Identity identity) {
        return identity.fromToken() && Objects.equals(tenant, identity.tenant());
    }

    /** The token whose {@code jti} this is. */
    record OfToken(String tenant, String jti, long keepUntil) implements Revocation {
        @Override
        public boolean covers(Identity identity) {
            return inScope(tenant, identity) && jti.equals(identity.jti());
        }

        @Override
        public ClusterEvent.Revoked toEvent() {
            return new ClusterEvent.Revoked(tenant, jti, null, 0, keepUntil);
        }
    }

    /** Every token of {@code subject} whose {@code iat} lies before {@code before} (epoch seconds). */
    record OfSubject(String tenant, String subject, long before, long keepUntil) implements Revocation {
        @Override
        public boolean covers(Identity identity) {
            return inScope(tenant, identity) && subject.equals(identity.userId()) && identity.issuedAt() < before;
        }

        @Override
        public ClusterEvent.Revoked toEvent() {
            return new ClusterEvent.Revoked(tenant, null, subject, before, keepUntil);
        }

        /** The wider of two revocations of one subject in one scope: it covers everything either covers. */
        OfSubject widen(OfSubject other) {
            if (!Objects.equals(tenant, other.tenant) || !subject.equals(other.subject)) {
                throw new IllegalArgumentException("only revocations of one subject in one scope merge");
            }
            return new OfSubject(tenant, subject, Math.max(before, other.before), Math.max(keepUntil, other.keepUntil));
        }
    }
}
