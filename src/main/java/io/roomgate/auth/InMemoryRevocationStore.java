package io.roomgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * The single-node store. Each entry expires at its {@link Revocation#keepUntil()}, so the store
 * holds only revocations that still matter; a subject's revocations merge into one entry.
 */
@ApplicationScoped
public class InMemoryRevocationStore implements RevocationStore {

    private final Clock clock;
    private final Cache<String, Revocation.OfToken> tokens;
    private final Cache<String, Revocation.OfSubject> subjects;

    public InMemoryRevocationStore() {
        this(Clock.systemUTC());
    }

    InMemoryRevocationStore(Clock clock) {
        this.clock = clock;
        this.tokens = Caffeine.newBuilder().expireAfter(new UntilKeepUntil<Revocation.OfToken>()).build();
        this.subjects = Caffeine.newBuilder().expireAfter(new UntilKeepUntil<Revocation.OfSubject>()).build();
    }

    @Override
    public void add(Revocation revocation) {
        if (revocation instanceof Revocation.OfToken token) {
            tokens.asMap().merge(token.jti(), token,
                    (held, added) -> held.keepUntil() >= added.keepUntil() ? held : added);
        } else if (revocation instanceof Revocation.OfSubject subject) {
            subjects.asMap().merge(subject.subject(), subject, Revocation.OfSubject::widen);
        }
    }

    @Override
    public boolean isRevoked(Identity identity) {
        if (!identity.fromToken()) {
            return false;
        }
        var token = identity.jti() == null ? null : tokens.getIfPresent(identity.jti());
        if (token != null && token.covers(identity)) {
            return true;
        }
        var subject = subjects.getIfPresent(identity.userId());
        return subject != null && subject.covers(identity);
    }

    /** Revocations held right now, expired ones purged first. */
    public long size() {
        tokens.cleanUp();
        subjects.cleanUp();
        return tokens.estimatedSize() + subjects.estimatedSize();
    }

    /** Entries live until their revocation's keep-until second, re-read when an entry is widened. */
    private final class UntilKeepUntil<R extends Revocation> implements Expiry<String, R> {
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

        private long nanosUntil(long epochSecond) {
            long millis = epochSecond * 1000L - clock.millis();
            return Math.min(Math.max(0, millis), Long.MAX_VALUE / 1_000_000L) * 1_000_000L;
        }
    }
}
