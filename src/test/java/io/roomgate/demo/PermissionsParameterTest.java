package io.roomgate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionsParameterTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void an_absent_parameter_means_no_claim(String permissions) {
        assertThat(PermissionsParameter.parse(permissions)).contains(PermissionsParameter.NONE);
        assertThat(PermissionsParameter.NONE.claim()).isEmpty();
    }

    @Test
    void permissions_are_comma_separated_and_trimmed_in_their_order() {
        assertThat(PermissionsParameter.parse("send:lobby, join:team:*,join:*").map(PermissionsParameter::claim))
                .contains(Optional.of(List.of("send:lobby", "join:team:*", "join:*")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fly:lobby", "join", "join:", "join:a*b", "join:lobby,", "join:lobby,,send:lobby", "join:a b"})
    void a_permission_the_server_would_refuse_is_refused(String permissions) {
        assertThat(PermissionsParameter.parse(permissions)).isEmpty();
    }
}
