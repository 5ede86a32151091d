package io.roomgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialExtractorTest {

    private static final String ORIGIN = "https://app.example";
    private final CredentialExtractor extractor = new CredentialExtractor(new OriginPolicy(Set.of(ORIGIN)), "rooms_token");

    @Test
    void the_authorization_header_wins_over_every_later_carrier() throws Exception {
        var found = extractor.find(request(
                Map.of("authorization", List.of("bearer  header-token"), "Sec-WebSocket-Protocol", List.of("rooms.v1, bearer.sub-token"),
                        "Origin", List.of(ORIGIN), "Cookie", List.of("rooms_token=cookie-token")),
                Map.of("access_token", List.of("query-token"))));
        assertThat(found).contains(new Credential("header-token", Carrier.HEADER));
    }

    @Test
    void an_empty_bearer_header_is_not_a_match_and_other_schemes_neither() throws Exception {
        assertThat(extractor.find(request(Map.of("Authorization", List.of("Bearer ")), Map.of("token", List.of("q")))))
                .contains(new Credential("q", Carrier.QUERY));
        assertThat(extractor.find(request(Map.of("Authorization", List.of("Basic abc")), Map.of()))).isEmpty();
    }

    @Test
    void the_subprotocol_entry_counts_only_next_to_rooms_v1() throws Exception {
        assertThat(extractor.find(request(Map.of("Sec-WebSocket-Protocol", List.of("rooms.v1", "bearer.abc")), Map.of())))
                .contains(new Credential("abc", Carrier.SUBPROTOCOL));
        assertThat(extractor.find(request(Map.of("Sec-WebSocket-Protocol", List.of("bearer.abc")), Map.of()))).isEmpty();
    }

    @Test
    void two_bearer_entries_are_malformed() {
        assertThatThrownBy(() -> extractor.find(request(
                Map.of("Sec-WebSocket-Protocol", List.of("rooms.v1, bearer.a, bearer.b")), Map.of())))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.failure()).isEqualTo(AuthFailure.MALFORMED));
    }

    @Test
    void access_token_comes_before_token_and_empty_values_do_not_match() throws Exception {
        assertThat(extractor.find(request(Map.of(), Map.of("access_token", List.of(""), "token", List.of("t")))))
                .contains(new Credential("t", Carrier.QUERY));
    }

    @Test
    void the_cookie_counts_only_with_a_listed_origin() throws Exception {
        var cookie = Map.of("Cookie", List.of("a=1; rooms_token=c"));
        assertThat(extractor.find(request(cookie, Map.of()))).isEmpty();
        assertThat(extractor.find(request(Map.of("Cookie", List.of("rooms_token=c"), "Origin", List.of("https://other.example")),
                Map.of()))).isEmpty();
        assertThat(extractor.find(request(Map.of("Cookie", List.of("a=1; rooms_token=c"), "Origin", List.of(ORIGIN)), Map.of())))
                .contains(new Credential("c", Carrier.COOKIE));
    }

    @Test
    void cookies_are_ignored_entirely_with_an_empty_allow_list() throws Exception {
        var open = new CredentialExtractor(new OriginPolicy(Set.of()), "rooms_token");
        assertThat(open.find(request(Map.of("Cookie", List.of("rooms_token=c"), "Origin", List.of(ORIGIN)), Map.of()))).isEmpty();
    }

    @Test
    void a_credential_never_prints_its_token() {
        assertThat(new Credential("secret.jwt.value", Carrier.HEADER).toString()).doesNotContain("secret");
    }

    private static HandshakeView request(Map<String, List<String>> headers, Map<String, List<String>> parameters) {
        return new HandshakeView(headers, parameters);
    }
}
