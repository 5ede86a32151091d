package io.roomgate.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.TestSettings;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address limits on a synthetic clock (the suite tests them over sockets). */
class AddressLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AddressLimiter limiter = new AddressLimiter(TestSettings.load(Map.of(
            "roomgate.limits.handshakes-per-second", "2",
            "roomgate.limits.handshake-burst", "4",
            "roomgate.limits.failed-auth-per-minute", "3",
            "roomgate.limits.failed-auth-block", "PT60S",
            "roomgate.limits.tracked-addresses", "1000")).limits(), nanos::get);

    @Test
    void the_burst_is_admitted_then_the_refill_rate_with_a_retry_hint() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.admit("192.0.2.1")).isEmpty();
        }
        var refused = limiter.admit("192.0.2.1");
        assertThat(refused).hasValueSatisfying(refusal -> {
            assertThat(refusal.limit()).isEqualTo("handshakes-per-second");
            assertThat(refusal.retryAfterMillis()).isEqualTo(500);
        });
        advance(500);
        assertThat(limiter.admit("192.0.2.1")).isEmpty();
        assertThat(limiter.admit("192.0.2.2")).as("another address").isEmpty();
    }

    @Test
    void failures_beyond_the_per_minute_allowance_block_the_address_for_the_block_time() {
        for (int i = 0; i <= 3; i++) {
            limiter.failedAuthentication("192.0.2.9");
        }
        assertThat(limiter.admit("192.0.2.9")).hasValueSatisfying(refusal -> {
            assertThat(refusal.limit()).isEqualTo("failed-authentications");
            assertThat(refusal.retryAfterMillis()).isEqualTo(60_000);
        });
        advance(59_999);
        assertThat(limiter.admit("192.0.2.9")).isPresent();
        advance(1);
        assertThat(limiter.admit("192.0.2.9")).isEmpty();
    }

    @Test
    void failures_within_the_allowance_block_nothing() {
        for (int i = 0; i < 3; i++) {
            limiter.failedAuthentication("192.0.2.10");
        }
        assertThat(limiter.admit("192.0.2.10")).isEmpty();
    }

    @Test
    void an_attacker_rotating_addresses_cannot_grow_the_state_beyond_its_bound() {
        for (int i = 0; i < 20_000; i++) {
            limiter.admit("10." + (i >> 16) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF));
        }
        assertThat(limiter.trackedAddresses()).isLessThanOrEqualTo(1000);
    }

    @Test
    void ipv6_addresses_share_the_state_of_their_64_prefix() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.admit("2001:db8:1:2:0:0:0:" + Integer.toHexString(i + 1))).isEmpty();
        }
        assertThat(limiter.admit("2001:db8:1:2:ffff:0:0:9")).as("same /64").isPresent();
        assertThat(limiter.admit("2001:db8:1:3:0:0:0:1")).as("next /64").isEmpty();
    }

    @Test
    void idle_addresses_are_forgotten() {
        limiter.admit("192.0.2.20");
        advance(TimeUnit.MINUTES.toMillis(5));
        assertThat(limiter.trackedAddresses()).isZero();
    }

    private void advance(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
