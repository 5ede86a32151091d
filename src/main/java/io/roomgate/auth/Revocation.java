package io.roomgate.auth;

/**
 * A revocation (PROTOCOL §2.2): one token by its {@code jti}, or every token of a subject issued
 * before an instant. Only identities an issuer's token stands behind can be covered: guests, dev
 * tokens and the server bypass are not tokens an issuer can take back.
 */
public sealed interface Revocation {

    /** Epoch second from which no token this revocation covers could be accepted anyway. */
    long keepUntil();

    boolean covers(Identity identity);

    /** The token whose {@code jti} this is. */
    record OfToken(String jti, long keepUntil) implements Revocation {
        @Override
        public boolean covers(Identity identity) {
            return identity.fromToken() && jti.equals(identity.jti());
        }
    }

    /** Every token of {@code subject} whose {@code iat} lies before {@code before} (epoch seconds). */
    record OfSubject(String subject, long before, long keepUntil) implements Revocation {
        @Override
        public boolean covers(Identity identity) {
            return identity.fromToken() && subject.equals(identity.userId()) && identity.issuedAt() < before;
        }

        /** The wider of two revocations of one subject: it covers everything either covers. */
        OfSubject widen(OfSubject other) {
            return new OfSubject(subject, Math.max(before, other.before), Math.max(keepUntil, other.keepUntil));
        }
    }
}
