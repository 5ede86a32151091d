package io.roomgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.auth.OriginPolicy;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SameOriginCheckTest {

    private final SameOriginCheck check = new SameOriginCheck(new OriginPolicy(Set.of("https://app.example")));

    @ParameterizedTest(name = "Sec-Fetch-Site {0}: {1}")
    @CsvSource(nullValues = "NONE", value = {
        "NONE, true", "same-origin, true", "none, true", "cross-site, false", "CROSS-SITE, false",
    })
    void the_browsers_own_cross_site_verdict_refuses_even_a_matching_origin(String fetchSite, boolean permitted) {
        assertThat(check.permits("https://rooms.example", "rooms.example", fetchSite)).isEqualTo(permitted);
        assertThat(check.permits(null, "rooms.example", fetchSite)).isEqualTo(permitted);
    }

    @org.junit.jupiter.api.Test
    void an_allow_listed_origin_passes_although_the_browser_calls_it_cross_site() {
        assertThat(check.permits("https://app.example", "rooms.example", "cross-site")).isTrue();
    }

    @ParameterizedTest(name = "Origin {0}, Host {1}: {2}")
    @CsvSource(nullValues = "NONE", value = {
        // no Origin: not a browser, so no victim's session to abuse
        "NONE, rooms.example, true",
        "https://rooms.example, rooms.example, true",
        "http://rooms.example:8080, rooms.example:8080, true",
        "HTTPS://Rooms.Example, rooms.example, true",
        // a proxy ends TLS: the page is https, the server sees Host with the public default port
        "https://rooms.example, rooms.example:443, true",
        "https://app.example, rooms.example, true",
        "https://evil.example, rooms.example, false",
        "https://rooms.example.evil.example, rooms.example, false",
        "https://rooms.example:8443, rooms.example, false",
        "null, rooms.example, false",
        "not a url, rooms.example, false",
        "https://rooms.example, NONE, false",
        "http://[::1]:8080, [::1]:8080, true",
        "http://[::1]:8080, [::1], false",
    })
    void only_the_servers_own_origin_and_listed_ones_pass(String origin, String host, boolean permitted) {
        assertThat(check.permits(origin, host, null)).isEqualTo(permitted);
    }
}
