package io.roomgate.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the one credential of an upgrade request (PROTOCOL §1). The first carrier holding a
 * non-empty credential wins; an invalid first match is never a reason to look further.
 */
public final class CredentialExtractor {

    public static final String SUBPROTOCOL = "rooms.v1";
    static final String BEARER_SUBPROTOCOL_PREFIX = "bearer.";
    private static final Pattern BEARER_SCHEME = Pattern.compile("(?i)bearer +(\\S.*)");
    private static final List<String> QUERY_PARAMETERS = List.of("access_token", "token");

    private final OriginPolicy originPolicy;
    private final String cookieName;

    public CredentialExtractor(OriginPolicy originPolicy, String cookieName) {
        this.originPolicy = originPolicy;
        this.cookieName = cookieName;
    }

    /**
     * @return the credential, or empty when the request carries none
     * @throws TokenRejectedException when the subprotocol carrier holds more than one bearer entry
     */
    public Optional<Credential> find(HandshakeView request) throws TokenRejectedException {
        var found = fromAuthorizationHeader(request);
        if (found.isEmpty()) {
            found = fromSubprotocol(request);
        }
        if (found.isEmpty()) {
            found = fromQuery(request);
        }
        if (found.isEmpty()) {
            found = fromCookie(request);
        }
        return found;
    }

    /** Every subprotocol the client offered, in order, across repeated headers. */
    private static List<String> offeredSubprotocols(HandshakeView request) {
        var offered = new ArrayList<String>();
        for (String header : request.header("Sec-WebSocket-Protocol")) {
            for (String entry : header.split(",")) {
                if (!entry.isBlank()) {
                    offered.add(entry.trim());
                }
            }
        }
        return offered;
    }

    private static Optional<Credential> fromAuthorizationHeader(HandshakeView request) {
        var values = request.header("Authorization");
        if (values.isEmpty()) {
            return Optional.empty();
        }
        // Some containers (Tyrus) split a header at commas, which a dev: token contains: put it back.
        String header = String.join(",", values);
        var matcher = BEARER_SCHEME.matcher(header.trim());
        return matcher.matches()
                ? Optional.of(new Credential(matcher.group(1).trim(), Carrier.HEADER))
                : Optional.empty();
    }

    private static Optional<Credential> fromSubprotocol(HandshakeView request) throws TokenRejectedException {
        var offered = offeredSubprotocols(request);
        if (!offered.contains(SUBPROTOCOL)) {
            return Optional.empty();
        }
        var bearers = offered.stream()
                .filter(entry -> entry.startsWith(BEARER_SUBPROTOCOL_PREFIX))
                .map(entry -> entry.substring(BEARER_SUBPROTOCOL_PREFIX.length()))
                .filter(token -> !token.isEmpty())
                .toList();
        if (bearers.size() > 1) {
            throw new TokenRejectedException(AuthFailure.MALFORMED);
        }
        return bearers.stream().findFirst().map(token -> new Credential(token, Carrier.SUBPROTOCOL));
    }

    private static Optional<Credential> fromQuery(HandshakeView request) {
        return QUERY_PARAMETERS.stream()
                .flatMap(name -> request.parameter(name).stream())
                .filter(value -> value != null && !value.isBlank())
                .findFirst()
                .map(token -> new Credential(token.trim(), Carrier.QUERY));
    }

    private Optional<Credential> fromCookie(HandshakeView request) {
        if (!originPolicy.honoursCookies(request.firstHeader("Origin"))) {
            return Optional.empty();
        }
        for (String header : request.header("Cookie")) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).trim().equals(cookieName)) {
                    String value = pair.substring(equals + 1).trim();
                    if (!value.isEmpty()) {
                        return Optional.of(new Credential(value, Carrier.COOKIE));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
