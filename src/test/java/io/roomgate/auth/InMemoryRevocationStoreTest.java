package io.roomgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.permissions.Permissions;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryRevocationStoreTest {

    private static final int MAX_PER_TENANT = 3;

    private final InMemoryRevocationStore store = new InMemoryRevocationStore(MAX_PER_TENANT);
    private final long now = Instant.now().getEpochSecond();

    @Test
    void a_revoked_jti_covers_that_token_only() {
        store.add(new Revocation.OfToken(null, "t-1", now + 600));
        assertThat(store.isRevoked(token("ann", "t-1", now - 10))).isTrue();
        assertThat(store.isRevoked(token("ann", "t-2", now - 10))).isFalse();
    }

    @Test
    void a_subject_revocation_covers_tokens_issued_strictly_before_its_instant() {
        store.add(new Revocation.OfSubject(null, "ben", now - 100, now + 600));
        assertThat(store.isRevoked(token("ben", "a", now - 101))).isTrue();
        assertThat(store.isRevoked(token("ben", "b", now - 100))).isFalse();
        assertThat(store.isRevoked(token("cat", "c", now - 500))).isFalse();
    }

    @Test
    void a_later_subject_revocation_widens_an_earlier_one_and_never_narrows_it() {
        store.add(new Revocation.OfSubject(null, "dan", now - 50, now + 600));
        store.add(new Revocation.OfSubject(null, "dan", now - 200, now + 600));
        assertThat(store.isRevoked(token("dan", "x", now - 60))).isTrue();
    }

    @Test
    void a_revocation_in_one_tenant_leaves_the_same_subject_in_another_alone() {
        store.add(new Revocation.OfSubject("acme", "fay", now + 10, now + 600));
        assertThat(store.isRevoked(token("fay", "f1", now - 10, "acme"))).isTrue();
        assertThat(store.isRevoked(token("fay", "f2", now - 10, "globex"))).isFalse();
        assertThat(store.isRevoked(token("fay", "f3", now - 10, null))).isFalse();
    }

    @Test
    void a_revocation_in_the_tenant_less_scope_leaves_every_tenant_alone() {
        store.add(new Revocation.OfSubject(null, "gil", now + 10, now + 600));
        store.add(new Revocation.OfToken(null, "g-jti", now + 600));
        assertThat(store.isRevoked(token("gil", "g1", now - 10, null))).isTrue();
        assertThat(store.isRevoked(token("gil", "g2", now - 10, "acme"))).isFalse();
        assertThat(store.isRevoked(token("hal", "g-jti", now - 10, "acme"))).isFalse();
    }

    @Test
    void a_token_with_iat_zero_or_before_the_epoch_is_covered_like_any_other() {
        store.add(new Revocation.OfSubject(null, "ida", now, now + 600));
        store.add(new Revocation.OfToken(null, "i-jti", now + 600));
        assertThat(store.isRevoked(token("ida", "i1", 0))).isTrue();
        assertThat(store.isRevoked(token("ivy", "i-jti", -5))).isTrue();
    }

    @Test
    void a_tenant_holds_at_most_its_limit_of_revocations_while_merges_and_other_tenants_go_on() {
        for (int i = 0; i < MAX_PER_TENANT; i++) {
            assertThat(store.add(new Revocation.OfToken("full", "f-" + i, now + 600))).isTrue();
        }
        assertThat(store.add(new Revocation.OfToken("full", "one-more", now + 600))).isFalse();
        assertThat(store.add(new Revocation.OfSubject("full", "sue", now, now + 600))).isFalse();
        assertThat(store.isRevoked(token("x", "one-more", now - 10, "full"))).isFalse();

        assertThat(store.add(new Revocation.OfToken("full", "f-0", now + 900))).as("a merge is no new entry").isTrue();
        assertThat(store.add(new Revocation.OfToken("other", "o-1", now + 600))).isTrue();
        assertThat(store.add(new Revocation.OfToken(null, "n-1", now + 600))).isTrue();
    }

    @Test
    void revocations_that_expired_make_room_for_new_ones() {
        for (int i = 0; i < MAX_PER_TENANT; i++) {
            store.add(new Revocation.OfToken("short", "s-" + i, now - 1));
        }
        assertThat(store.add(new Revocation.OfToken("short", "s-new", now + 600))).isTrue();
    }

    @Test
    void identities_without_an_issuers_token_are_never_covered() {
        store.add(new Revocation.OfSubject(null, "server", now + 60, now + 600));
        assertThat(store.isRevoked(Identity.withoutToken("server", Set.of("server"), null))).isFalse();
    }

    @Test
    void a_revocation_of_tokens_that_can_no_longer_be_accepted_is_not_kept() {
        store.add(new Revocation.OfToken(null, "gone", now - 1));
        assertThat(store.isRevoked(token("eve", "gone", now - 100))).isFalse();
    }

    private static Identity token(String subject, String jti, long issuedAt) {
        return token(subject, jti, issuedAt, null);
    }

    private static Identity token(String subject, String jti, long issuedAt, String tenant) {
        return new Identity(subject, subject, Set.of(), tenant, issuedAt + 3600, jti, issuedAt, true, Permissions.UNRESTRICTED, null, null);
    }
}
