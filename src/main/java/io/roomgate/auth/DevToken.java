package io.roomgate.auth;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The insecure development credential {@code dev:<user>[:<role>,…][@<tenant>]}, trusted as it
 * stands only while {@code roomgate.auth.required=false}. Anything that does not fit the form is
 * malformed, like any other unusable credential.
 */
final class DevToken {

    static final String PREFIX = "dev:";

    private DevToken() {
    }

    static boolean looksLikeOne(String credential) {
        return credential.startsWith(PREFIX);
    }

    static Identity parse(String credential) throws TokenRejectedException {
        String rest = credential.substring(PREFIX.length());
        String tenant = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            tenant = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (tenant.isBlank()) {
                throw new TokenRejectedException(AuthFailure.MALFORMED);
            }
        }
        int colon = rest.indexOf(':');
        String user = colon < 0 ? rest : rest.substring(0, colon);
        if (user.isBlank()) {
            throw new TokenRejectedException(AuthFailure.MALFORMED);
        }
        if (Identity.SERVER_USER.equals(user)) {
            // reserved for the server bypass, as in a JWT's sub
            throw new TokenRejectedException(AuthFailure.CLAIMS);
        }
        Set<String> roles = colon < 0 ? Set.of() : Arrays.stream(rest.substring(colon + 1).split(","))
                .map(String::trim)
                .filter(role -> !role.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return Identity.withoutToken(user, roles, tenant);
    }
}
