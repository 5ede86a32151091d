package io.roomgate.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver behindProxies = new ClientAddressResolver(List.of("127.0.0.1", "10.1.0.0/16", "fd00::/8"));

    @Test
    void without_trusted_proxies_forwarded_for_is_never_believed() {
        var direct = new ClientAddressResolver(List.of());
        assertThat(direct.resolve("192.0.2.7", List.of("198.51.100.1"))).isEqualTo("192.0.2.7");
    }

    @Test
    void an_untrusted_peer_is_the_client_whatever_it_forwards() {
        assertThat(behindProxies.resolve("192.0.2.7", List.of("198.51.100.1"))).isEqualTo("192.0.2.7");
    }

    @Test
    void behind_a_chain_of_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() {
        assertThat(behindProxies.resolve("127.0.0.1", List.of("6.6.6.6, 198.51.100.1", "10.1.2.3")))
                .as("6.6.6.6 is what the client itself claimed").isEqualTo("198.51.100.1");
    }

    @Test
    void a_trusted_peer_without_forwarded_for_is_the_client() {
        assertThat(behindProxies.resolve("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
    }

    @Test
    void a_hop_that_is_not_an_address_stops_the_walk_at_the_last_proxy() {
        assertThat(behindProxies.resolve("127.0.0.1", List.of("evil.example, unknown"))).isEqualTo("127.0.0.1");
    }

    @Test
    void names_made_of_hex_letters_and_out_of_range_octets_are_not_addresses() {
        var behindAll = new ClientAddressResolver(List.of("0.0.0.0/0"));
        assertThat(behindAll.resolve("127.0.0.1", List.of("dead.beef"))).isEqualTo("127.0.0.1");
        assertThat(behindAll.resolve("127.0.0.1", List.of("1.2.3.999"))).isEqualTo("127.0.0.1");
        assertThat(behindAll.resolve("localhost", List.of())).isEqualTo("unknown");
    }

    @Test
    void ranges_not_on_a_byte_boundary_match_exactly_their_prefix() {
        var range = new ClientAddressResolver(List.of("172.16.0.0/12"));
        assertThat(range.resolve("172.31.255.254", List.of("198.51.100.3"))).isEqualTo("198.51.100.3");
        assertThat(range.resolve("172.32.0.1", List.of("198.51.100.3"))).isEqualTo("172.32.0.1");
    }

    @Test
    void ipv6_ranges_and_bracketed_hops_are_understood() {
        assertThat(behindProxies.resolve("fd12::1", List.of("[2001:db8::5]"))).isEqualTo("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void a_trusted_proxy_entry_that_is_no_address_is_refused() {
        assertThatThrownBy(() -> ClientAddressResolver.requireValid(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddressResolver.requireValid(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
