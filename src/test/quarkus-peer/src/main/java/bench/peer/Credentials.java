package bench.peer;

import io.quarkus.websockets.next.HandshakeRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The two credential carriers of PROTOCOL §1 a non-browser and a browser client use:
 * {@code Authorization: Bearer}, then one {@code bearer.<jwt>} subprotocol entry beside
 * {@code rooms.v1}. (Query parameters, cookies and {@code hub:connect} are outside the bench's subset.)
 */
final class Credentials {

    private static final String BEARER_SCHEME = "Bearer ";
    private static final String BEARER_ENTRY = "bearer.";

    private Credentials() {
    }

    static Optional<String> of(HandshakeRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER_SCHEME, 0, BEARER_SCHEME.length())
                && authorization.length() > BEARER_SCHEME.length()) {
            return Optional.of(authorization.substring(BEARER_SCHEME.length()).trim());
        }
        List<String> entries = request.headers(HandshakeRequest.SEC_WEBSOCKET_PROTOCOL).stream()
                .flatMap(header -> Arrays.stream(header.split(","))).map(String::trim).toList();
        List<String> bearers = entries.stream().filter(entry -> entry.startsWith(BEARER_ENTRY)
                && entry.length() > BEARER_ENTRY.length()).toList();
        if (entries.contains("rooms.v1") && bearers.size() == 1) {
            return Optional.of(bearers.get(0).substring(BEARER_ENTRY.length()));
        }
        return Optional.empty();
    }
}
