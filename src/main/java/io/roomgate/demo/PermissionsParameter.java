package io.roomgate.demo;

import io.roomgate.permissions.MalformedPermissionsException;
import io.roomgate.permissions.Permissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code permissions} parameter of {@code /demo/token}: PROTOCOL §10 permissions,
 * comma-separated ({@code join:lobby,send:lobby}). Checked here like the server checks the claim,
 * so a typing mistake is a 400 and not a token every handshake refuses.
 */
record PermissionsParameter(Optional<List<String>> claim) {

    static final PermissionsParameter NONE = new PermissionsParameter(Optional.empty());
    static final String RULE = "permissions must be comma-separated ACTION:PATTERN (actions join, send, kick;"
            + " a pattern is a room name, a room-name prefix followed by *, or *)";

    /** The parameter's permissions, {@link #NONE} (no claim) when it is absent or blank, empty when it breaks {@link #RULE}. */
    static Optional<PermissionsParameter> parse(String permissions) {
        if (permissions == null || permissions.isBlank()) {
            return Optional.of(NONE);
        }
        var claim = Arrays.stream(permissions.split(",", -1)).map(String::trim).toList();
        try {
            Permissions.fromClaim(claim);
        } catch (MalformedPermissionsException e) {
            return Optional.empty();
        }
        return Optional.of(new PermissionsParameter(Optional.of(claim)));
    }
}
