package io.roomgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.roomgate.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;

/**
 * The single-node store. Each entry expires at its {@link Revocation#keepUntil()}, so the store
 * holds only revocations that still matter; a subject's revocations in one scope merge into one
 * entry. Entries are keyed by scope and id, and an identity is looked up in its own tenant's scope.
 * Each tenant holds at most {@code roomgate.limits.revocations} entries (PROTOCOL §7), counted as
 * they are created and removed, so that one tenant's admin cannot fill the node's memory.
 */
@ApplicationScoped
public class InMemoryRevocationStore implements RevocationStore {

    /** Per tenant key ({@link #scope}): entries held. Changed only inside the caches' atomic sections and removal listeners. */
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Cache<String, Revocation.OfToken> tokens = cache();
    private final Cache<String, Revocation.OfSubject> subjects = cache();
    private int maxPerTenant;

    protected InMemoryRevocationStore() {
        // for the CDI proxy
    }

    @Inject
    public InMemoryRevocationStore(Settings settings) {
        this(settings.limits().revocations());
    }

    public InMemoryRevocationStore(int maxPerTenant) {
        this.maxPerTenant = maxPerTenant;
    }

    private <R extends Revocation> Cache<String, R> cache() {
        return Caffeine.newBuilder()
                .expireAfter(new UntilKeepUntil<R>())
                // on the thread that removed the entry: the count is right again once add() returns
                .executor(Runnable::run)
                .removalListener((String key, R value, RemovalCause cause) -> {
                    if (cause != RemovalCause.REPLACED && value != null) {
                        counts.computeIfPresent(scope(value.tenant()), (tenant, count) -> count > 1 ? count - 1 : null);
                    }
                })
                .build();
    }

    @Override
    public boolean add(Revocation revocation) {
        if (tryAdd(revocation)) {
            return true;
        }
        // at the limit: entries past their keep-until may still be counted until purged
        tokens.cleanUp();
        subjects.cleanUp();
        return tryAdd(revocation);
    }

    private boolean tryAdd(Revocation revocation) {
        if (revocation instanceof Revocation.OfToken token) {
            return addOrMerge(tokens, token.jti(), token, (held, added) -> held.keepUntil() >= added.keepUntil() ? held : added);
        }
        var subject = (Revocation.OfSubject) revocation;
        return addOrMerge(subjects, subject.subject(), subject, Revocation.OfSubject::widen);
    }

    private <R extends Revocation> boolean addOrMerge(Cache<String, R> cache, String id, R added, BinaryOperator<R> merge) {
        var refused = new boolean[1];
        cache.asMap().compute(key(added.tenant(), id), (key, held) -> {
            if (held != null) {
                return merge.apply(held, added);
            }
            counts.compute(scope(added.tenant()), (tenant, count) -> {
                int current = count == null ? 0 : count;
                refused[0] = current >= maxPerTenant;
                return refused[0] ? count : current + 1;
            });
            return refused[0] ? null : added;
        });
        return !refused[0];
    }

    @Override
    public boolean isRevoked(Identity identity) {
        if (!identity.fromToken()) {
            return false;
        }
        return covered(tokens, identity.jti(), identity) || covered(subjects, identity.userId(), identity);
    }

    @Override
    public List<Revocation> all() {
        var held = new ArrayList<Revocation>(tokens.asMap().values());
        held.addAll(subjects.asMap().values());
        return held;
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
        var held = cache.getIfPresent(key(identity.tenant(), id));
        return held != null && held.covers(identity);
    }

    /** Should odd tenants and ids ever collide here, the entry found still has to pass {@link Revocation#covers}. */
    private static String key(String tenant, String id) {
        return scope(tenant) + '\u0000' + id;
    }

    private static String scope(String tenant) {
        return tenant == null ? "*" : "t:" + tenant;
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
