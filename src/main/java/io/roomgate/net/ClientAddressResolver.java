package io.roomgate.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which address a request comes from (PROTOCOL §5): the TCP peer, unless the peer is a trusted
 * proxy ({@code roomgate.net.trusted-proxies}); then {@code X-Forwarded-For} is read from the
 * right, skipping further trusted proxies, and the first address they vouch for is the client.
 * Entries a client wrote itself sit to the left of that and are never believed.
 */
public final class ClientAddressResolver {

    /** What a peer without a usable address is called in logs and limits. */
    public static final String UNKNOWN = "unknown";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final List<Network> trusted;

    public ClientAddressResolver(Collection<String> trustedProxies) {
        this.trusted = parse(trustedProxies);
    }

    /**
     * Refuses a trusted-proxy list with an entry that is neither an IP address nor a CIDR range;
     * the caller names the configuration key.
     */
    public static void requireValid(Collection<String> trustedProxies) {
        parse(trustedProxies);
    }

    private static List<Network> parse(Collection<String> entries) {
        var networks = new ArrayList<Network>();
        for (String entry : entries) {
            networks.add(Network.parse(entry).orElseThrow(() -> new IllegalArgumentException(
                    "'" + entry + "' is not an IP address or CIDR range")));
        }
        return List.copyOf(networks);
    }

    /**
     * @param peer the TCP peer's address, or null when the transport does not tell
     * @param forwardedFor every {@code X-Forwarded-For} header value, in order
     * @return the client's address in canonical form, or {@link #UNKNOWN} when the peer's is not an IP literal
     */
    public String resolve(String peer, List<String> forwardedFor) {
        Optional<InetAddress> current = literal(peer);
        if (current.isEmpty()) {
            return UNKNOWN;
        }
        var hops = new ArrayList<String>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        InetAddress client = current.get();
        for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
            Optional<InetAddress> previous = literal(hops.get(i));
            if (previous.isEmpty()) {
                break;
            }
            client = previous.get();
        }
        return client.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(network -> network.contains(address));
    }

    /** Whether {@code peer} is an IP literal of this host's loopback interface; no name is ever looked up. */
    public static boolean isLoopback(String peer) {
        return literal(peer).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /**
     * An IP literal, parsed without ever asking DNS: IPv4 strictly as four decimal octets, IPv6
     * only in brackets (where the JDK accepts nothing but a literal).
     */
    private static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            var v4 = IPV4.matcher(bare);
            if (v4.matches()) {
                byte[] octets = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    octets[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(octets));
            }
            if (bare.indexOf(':') >= 0 && IPV6.matcher(bare).matches()) {
                return Optional.of(InetAddress.getByName("[" + bare + "]"));
            }
        } catch (UnknownHostException e) {
            // not a literal after all
        }
        return Optional.empty();
    }

    /** An address range: the first {@code bits} bits of {@code address}. */
    private record Network(byte[] address, int bits) {

        static Optional<Network> parse(String entry) {
            int slash = entry.indexOf('/');
            var address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address.isEmpty()) {
                return Optional.empty();
            }
            byte[] bytes = address.get().getAddress();
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Network(bytes, bits));
        }

        boolean contains(InetAddress candidate) {
            byte[] other = candidate.getAddress();
            if (other.length != address.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (other[full] & mask) == (address[full] & mask);
        }
    }
}
