package io.roomgate.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PermissionPatternsTest {

    @Test
    void an_exact_pattern_matches_that_room_only() throws Exception {
        var permissions = Permissions.fromClaim(List.of("join:lobby"));
        assertThat(permissions.mayJoin("lobby")).isTrue();
        assertThat(permissions.mayJoin("lobby2")).isFalse();
        assertThat(permissions.mayJoin("Lobby")).as("case-sensitive").isFalse();
    }

    @Test
    void a_prefix_pattern_matches_every_room_starting_with_it_that_name_itself_included() throws Exception {
        var permissions = Permissions.fromClaim(List.of("send:team-42:*"));
        assertThat(permissions.maySend("team-42:general")).isTrue();
        assertThat(permissions.maySend("team-42:")).isTrue();
        assertThat(permissions.maySend("team-42")).isFalse();
        assertThat(permissions.maySend("team-420:x")).isFalse();
    }

    @Test
    void a_lone_star_matches_every_room() throws Exception {
        var permissions = Permissions.fromClaim(List.of("join:*"));
        assertThat(permissions.mayJoin("anything")).isTrue();
        assertThat(permissions.maySend("anything")).as("only for its own action").isFalse();
    }

    @Test
    void each_action_has_its_own_rooms_and_the_action_ends_at_the_first_colon() throws Exception {
        var permissions = Permissions.fromClaim(List.of("join:a:b", "send:c", "kick:d*"));
        assertThat(permissions.mayJoin("a:b")).isTrue();
        assertThat(permissions.mayJoin("c")).isFalse();
        assertThat(permissions.maySend("c")).isTrue();
        assertThat(permissions.maySend("a:b")).isFalse();
        assertThat(permissions.mayKick("d1", false)).isTrue();
        assertThat(permissions.mayKick("c", false)).isFalse();
    }

    @Test
    void with_a_claim_a_moderating_role_still_kicks_anywhere() throws Exception {
        var permissions = Permissions.fromClaim(List.of("join:a"));
        assertThat(permissions.mayKick("z", true)).isTrue();
        assertThat(permissions.mayKick("z", false)).isFalse();
    }

    @Test
    void without_a_claim_joins_and_sends_are_free_and_kicks_are_for_moderating_roles() {
        var permissions = Permissions.UNRESTRICTED;
        assertThat(permissions.mayJoin("x")).isTrue();
        assertThat(permissions.maySend("x")).isTrue();
        assertThat(permissions.mayKick("x", true)).isTrue();
        assertThat(permissions.mayKick("x", false)).isFalse();
        assertThat(permissions.claimed()).isEmpty();
    }

    @Test
    void nothing_allows_nothing_not_even_to_a_moderating_role() {
        var permissions = Permissions.NOTHING;
        assertThat(permissions.mayJoin("x")).isFalse();
        assertThat(permissions.maySend("x")).isFalse();
        assertThat(permissions.mayKick("x", true)).isFalse();
        assertThat(permissions.claimed()).isEmpty();
    }

    @Test
    void the_claim_is_kept_as_given_in_order_and_an_empty_one_allows_nothing() throws Exception {
        assertThat(Permissions.fromClaim(List.of("send:b", "join:a", "send:b")).claimed())
                .contains(List.of("send:b", "join:a", "send:b"));
        var empty = Permissions.fromClaim(List.of());
        assertThat(empty.claimed()).contains(List.of());
        assertThat(empty.mayJoin("a")).isFalse();
    }

    @Test
    void anything_but_an_array_of_action_pattern_strings_is_malformed() {
        var malformed = List.<Object>of(
                "join:a",
                Map.of("join", "a"),
                List.of("join:a", 1),
                Arrays.asList("join:a", null),
                List.of("fly:a"),
                List.of("JOIN:a"),
                List.of("join"),
                List.of("join:"),
                List.of(":a"),
                List.of("join:**"),
                List.of("join:a*b"),
                List.of("join:*a"),
                List.of("join:a**"),
                List.of("join:a b"),
                List.of("join:" + "x".repeat(129)));
        for (Object claim : malformed) {
            assertThatThrownBy(() -> Permissions.fromClaim(claim)).as(String.valueOf(claim))
                    .isInstanceOf(MalformedPermissionsException.class);
        }
    }

    @Test
    void a_prefix_may_be_as_long_as_a_room_name() throws Exception {
        String prefix = "x".repeat(128);
        assertThat(Permissions.fromClaim(List.of("join:" + prefix + "*")).mayJoin(prefix)).isTrue();
    }
}
