package io.roomgate.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.roomgate.config.LimitSettings;
import io.roomgate.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * PROTOCOL §5's per-address limits: handshakes (a token bucket per address) and failed
 * authentications (a bucket of its own: when it runs dry the address is refused for the block
 * time). State is kept in a bounded cache whose entries expire once they would be back to their
 * initial state anyway, so an attacker rotating addresses costs at most {@code tracked-addresses}
 * entries; evicted addresses start afresh.
 */
@ApplicationScoped
public class AddressLimiter {

    /** A handshake refused, which limit refused it and when to try again. */
    public record Refusal(String limit, long retryAfterMillis) {
        public static final String HANDSHAKES = "handshakes-per-second";
        public static final String FAILED_AUTHENTICATIONS = "failed-authentications";

        /** The {@code details} of the {@code rate_limited} error that tells the client. */
        public Map<String, Object> details() {
            return Map.of("limit", limit, "retryAfterMs", retryAfterMillis);
        }
    }

    private static final Logger LOG = Logger.getLogger(AddressLimiter.class.getName());

    private LimitSettings limits;
    private LongSupplier nanoTime;
    private Cache<String, AddressState> addresses;

    protected AddressLimiter() {
        // for the CDI proxy
    }

    @Inject
    public AddressLimiter(Settings settings) {
        this(settings.limits(), System::nanoTime);
    }

    AddressLimiter(LimitSettings limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.addresses = Caffeine.newBuilder()
                .maximumSize(limits.trackedAddresses())
                .expireAfterAccess(idleUntilForgotten(limits))
                .ticker(nanoTime::getAsLong)
                .build();
    }

    /** Counts a handshake from {@code address}, or says why it is refused. */
    public Optional<Refusal> admit(String address) {
        long now = nanoTime.getAsLong();
        return state(address, now).admit(now);
    }

    /** Whether {@code address} is blocked for its failed authentications, without counting anything (the HTTP API's check). */
    public Optional<Refusal> blocked(String address) {
        long now = nanoTime.getAsLong();
        return state(address, now).blocked(now);
    }

    /** Counts a failed authentication from {@code address}; too many block its handshakes for a while. */
    public void failedAuthentication(String address) {
        long now = nanoTime.getAsLong();
        if (state(address, now).failed(now, limits.failedAuthBlock().toNanos())) {
            LOG.info(() -> "Blocked handshakes from " + key(address) + " for " + limits.failedAuthBlock()
                    + " after too many failed authentications");
        }
    }

    private AddressState state(String address, long now) {
        return addresses.get(key(address), key -> new AddressState(limits, now));
    }

    /**
     * One state per IPv4 address, but per IPv6 /64: a single subscriber usually holds a whole /64,
     * and rotating through it must not buy fresh buckets. Addresses come canonical (eight groups).
     */
    static String key(String address) {
        String[] groups = address.split(":");
        return groups.length == 8 ? String.join(":", Arrays.copyOf(groups, 4)) + "::/64" : address;
    }

    /** How many addresses are tracked right now (for the soak test's and operators' view of the bound). */
    public long trackedAddresses() {
        addresses.cleanUp();
        return addresses.estimatedSize();
    }

    /** An address idle this long has full buckets and no block: forgetting it changes nothing. */
    private static Duration idleUntilForgotten(LimitSettings limits) {
        long handshakeRefill = (long) Math.ceil((double) limits.handshakeBurst() / limits.handshakesPerSecond());
        return Duration.ofSeconds(Math.max(handshakeRefill, 60)).plus(limits.failedAuthBlock()).plusSeconds(1);
    }

    private static final class AddressState {
        private final TokenBucket handshakes;
        private final TokenBucket failures;
        private boolean everBlocked;
        private long blockedUntil;

        AddressState(LimitSettings limits, long now) {
            this.handshakes = new TokenBucket(limits.handshakesPerSecond(), limits.handshakeBurst(), now);
            this.failures = new TokenBucket(limits.failedAuthPerMinute() / 60d, limits.failedAuthPerMinute(), now);
        }

        private boolean isBlocked(long now) {
            return everBlocked && now - blockedUntil < 0;
        }

        synchronized Optional<Refusal> blocked(long now) {
            return isBlocked(now)
                    ? Optional.of(new Refusal(Refusal.FAILED_AUTHENTICATIONS, millisCeil(blockedUntil - now)))
                    : Optional.empty();
        }

        synchronized Optional<Refusal> admit(long now) {
            var block = blocked(now);
            if (block.isPresent()) {
                return block;
            }
            if (!handshakes.tryTake(now)) {
                return Optional.of(new Refusal(Refusal.HANDSHAKES, handshakes.millisUntil(1)));
            }
            return Optional.empty();
        }

        /** @return whether this failure started a block */
        synchronized boolean failed(long now, long blockNanos) {
            if (failures.tryTake(now) || isBlocked(now)) {
                return false;
            }
            everBlocked = true;
            blockedUntil = now + blockNanos;
            return true;
        }

        private static long millisCeil(long nanos) {
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
        }
    }
}
