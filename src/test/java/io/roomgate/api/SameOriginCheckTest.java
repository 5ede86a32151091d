package io.roomgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.auth.OriginPolicy;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SameOriginCheckTest {

    private final SameOriginCheck check = new SameOriginCheck(new OriginPolicy(Set.of("https://app.example")), true);

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
        assertThat(check.permits(origin, host)).isEqualTo(permitted);
    }
}
