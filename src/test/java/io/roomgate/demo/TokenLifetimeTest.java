package io.roomgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenLifetimeTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void an_absent_ttl_is_the_default_hour(String ttl) {
        assertThat(TokenLifetime.parse(ttl)).contains(TokenLifetime.DEFAULT);
        assertThat(TokenLifetime.DEFAULT.duration()).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "70", " 300 ", "86400"})
    void a_ttl_within_bounds_is_taken_in_seconds(String ttl) {
        assertThat(TokenLifetime.parse(ttl)).map(TokenLifetime::duration)
                .contains(Duration.ofSeconds(Long.parseLong(ttl.trim())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9", "0", "-70", "86401", "1h", "70.5", "99999999999999999999"})
    void a_ttl_outside_the_bounds_or_not_whole_seconds_is_refused(String ttl) {
        assertThat(TokenLifetime.parse(ttl)).isEmpty();
    }

    @Test
    void the_rule_names_the_bounds() {
        assertThat(TokenLifetime.RULE).isEqualTo("ttl must be whole seconds from 10 to 86400");
    }
}
