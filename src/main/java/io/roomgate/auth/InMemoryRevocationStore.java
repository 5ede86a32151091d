package io.roomgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The single-node store. Each entry expires at its {@link Revocation#keepUntil()}, so the store
 * holds only revocations that still matter; a subject's revocations in one scope merge into one
 * entry. Entries are keyed by scope and id, and an identity is looked up in its tenant's scope
 * and in the every-tenant scope.
 */
@ApplicationScoped
public class InMemoryRevocationStore implements RevocationStore {

    private final Cache<String, Revocation.OfToken> tokens =
            Caffeine.newBuilder().expireAfter(new UntilKeepUntil<Revocation.OfToken>()).build();
    private final Cache<String, Revocation.OfSubject> subjects =
            Caffeine.newBuilder().expireAfter(new UntilKeepUntil<Revocation.OfSubject>()).build();

    @Override
    public void add(Revocation revocation) {
        if (revocation instanceof Revocation.OfToken token) {
            tokens.asMap().merge(key(token.tenant(), token.jti()), token,
                    (held, added) -> held.keepUntil() >= added.keepUntil() ? held : added);
        } else if (revocation instanceof Revocation.OfSubject subject) {
            subjects.asMap().merge(key(subject.tenant(), subject.subject()), subject, Revocation.OfSubject::widen);
        }
    }

    @Override
    public boolean isRevoked(Identity identity) {
        if (!identity.fromToken()) {
            return false;
        }
        return covered(tokens, identity.jti(), identity) || covered(subjects, identity.userId(), identity);
    }

    /** Revocations held right now, expired ones purged first. */
    public long size() {
        tokens.cleanUp();
        subjects.cleanUp();
        return tokens.estimatedSize() + subjects.estimatedSize();
    }

    private static boolean covered(Cache<String, ? extends Revocation> cache, String id, Identity identity) {
        if (id == null) {
            return false;
        }
        var everyTenant = cache.getIfPresent(key(null, id));
        if (everyTenant != null && everyTenant.covers(identity)) {
            return true;
        }
        var ownTenant = identity.tenant() == null ? null : cache.getIfPresent(key(identity.tenant(), id));
        return ownTenant != null && ownTenant.covers(identity);
    }

    /** Should odd tenants and ids ever collide here, the entry found still has to pass {@link Revocation#covers}. */
    private static String key(String tenant, String id) {
        return (tenant == null ? "*" : "t:" + tenant) + '\u0000' + id;
    }

    /** Entries live until their revocation's keep-until second, re-read when an entry is widened. */
    private static final class UntilKeepUntil<R extends Revocation> implements Expiry<String, R> {
        @Override
        public long expireAfterCreate(String key, R value, long currentTime) {
            return nanosUntil(value.keepUntil());
        }

        @Override
        public long expireAfterUpdate(String key, R value, long currentTime, long currentDuration) {
            return nanosUntil(value.keepUntil());
        }

        @Override
        public long expireAfterRead(String key, R value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private static long nanosUntil(long epochSecond) {
            long millis = epochSecond * 1000L - System.currentTimeMillis();
            return Math.min(Math.max(0, millis), Long.MAX_VALUE / 1_000_000L) * 1_000_000L;
        }
    }
}
