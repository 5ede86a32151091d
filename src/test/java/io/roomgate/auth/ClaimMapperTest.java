package io.roomgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomgate.config.ClaimSettings;
import io.roomgate.permissions.Permissions;
import java.util.List;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

class ClaimMapperTest {

    private final ClaimMapper mapper = new ClaimMapper(new ClaimSettings("role", "tenant_id", false, Set.of("moderator"), Set.of("admin"), "permissions", false));

    @Test
    void username_is_the_first_non_empty_of_preferred_username_upn_name_sub() throws Exception {
        assertThat(mapper.map(claims("s", "preferred_username", " ", "upn", "u", "name", "n")).username()).isEqualTo("u");
        assertThat(mapper.map(claims("s", "name", "n")).username()).isEqualTo("n");
        assertThat(mapper.map(claims("s")).username()).isEqualTo("s");
    }

    @Test
    void roles_merge_groups_and_the_role_claim_and_ignore_non_strings() throws Exception {
        var identity = mapper.map(claims("s", "groups", List.of("a", 7, "b"), "role", "moderator"));
        assertThat(identity.roles()).containsExactlyInAnyOrder("a", "b", "moderator");
        assertThat(identity.hasAnyRole(Set.of("moderator"))).isTrue();
    }

    @Test
    void tenant_comes_from_the_configured_claim_and_absent_means_none() throws Exception {
        assertThat(mapper.map(claims("s", "tenant_id", "acme")).tenant()).isEqualTo("acme");
        assertThat(mapper.map(claims("s")).tenant()).isNull();
    }

    @Test
    void a_tenant_claim_that_is_not_a_string_is_refused_rather_than_read_as_no_tenant() {
        for (Object odd : new Object[] {42L, List.of("acme"), " "}) {
            assertThatThrownBy(() -> mapper.map(claims("s", "tenant_id", odd)))
                    .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.failure()).isEqualTo(AuthFailure.CLAIMS));
        }
    }

    @Test
    void a_required_tenant_missing_rejects_the_claims() {
        var strict = new ClaimMapper(new ClaimSettings("role", "org", true, Set.of(), Set.of(), "permissions", false));
        assertThatThrownBy(() -> strict.map(claims("s")))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.failure()).isEqualTo(AuthFailure.CLAIMS));
    }

    @Test
    void permissions_come_from_the_configured_claim_in_the_token_order() throws Exception {
        var custom = new ClaimMapper(new ClaimSettings("role", "tenant_id", false, Set.of(), Set.of(), "rights", false));
        var identity = custom.map(claims("s", "rights", List.of("send:b", "join:a"), "permissions", "ignored"));
        assertThat(identity.permissions().claimed()).contains(List.of("send:b", "join:a"));
        assertThat(identity.permissions().mayJoin("a")).isTrue();
        assertThat(identity.permissions().mayJoin("b")).isFalse();
    }

    @Test
    void without_the_claim_a_token_is_unrestricted_unless_the_claim_is_required() throws Exception {
        assertThat(mapper.map(claims("s")).permissions()).isSameAs(Permissions.UNRESTRICTED);
        var strict = new ClaimMapper(new ClaimSettings("role", "tenant_id", false, Set.of(), Set.of(), "permissions", true));
        assertThat(strict.map(claims("s")).permissions()).isSameAs(Permissions.NOTHING);
    }

    @Test
    void a_malformed_permissions_claim_rejects_the_claims_and_json_null_is_not_absent() {
        for (Object odd : new Object[] {"join:a", List.of("join:a", 7), List.of("fly:a"), null}) {
            assertThatThrownBy(() -> mapper.map(claims("s", "permissions", odd)))
                    .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.failure()).isEqualTo(AuthFailure.CLAIMS));
        }
    }

    /** A verified token with these claims, signed by a key without a {@code kid}. */
    private static TokenVerifier.VerifiedToken claims(String subject, Object... pairs) {
        var claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setExpirationTime(NumericDate.fromSeconds(2_000_000_000L));
        claims.setIssuedAt(NumericDate.fromSeconds(1_900_000_000L));
        for (int i = 0; i < pairs.length; i += 2) {
            claims.setClaim((String) pairs[i], pairs[i + 1]);
        }
        return new TokenVerifier.VerifiedToken(claims, null);
    }
}
