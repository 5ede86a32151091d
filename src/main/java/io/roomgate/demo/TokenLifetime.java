package io.roomgate.demo;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code ttl} parameter of {@code /demo/token}, in seconds. Bounded: shorter than 10 s would
 * expire before a page could use it, longer than a day is no demo any more.
 */
record TokenLifetime(Duration duration) {

    static final long MIN_SECONDS = 10;
    static final long MAX_SECONDS = 86_400;
    static final TokenLifetime DEFAULT = new TokenLifetime(Duration.ofHours(1));
    static final String RULE = "ttl must be whole seconds from " + MIN_SECONDS + " to " + MAX_SECONDS;

    /** The parameter's lifetime, {@link #DEFAULT} when it is absent, empty when it breaks {@link #RULE}. */
    static Optional<TokenLifetime> parse(String ttl) {
        if (ttl == null || ttl.isBlank()) {
            return Optional.of(DEFAULT);
        }
        try {
            long seconds = Long.parseLong(ttl.trim());
            return seconds < MIN_SECONDS || seconds > MAX_SECONDS
                    ? Optional.empty()
                    : Optional.of(new TokenLifetime(Duration.ofSeconds(seconds)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
