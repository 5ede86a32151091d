package io.roomgate.api;

import io.roomgate.auth.Identity;
import io.roomgate.config.Settings;
import jakarta.ws.rs.core.SecurityContext;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what through the HTTP API (PROTOCOL §7): the roles an endpoint asks for, and the
 * tenant a caller acts in. An admin acts in its own tenant only (a token without one: the
 * tenant-less scope only); the server bypass acts in the tenant it names (none: tenant-less).
 */
final class ApiAccess {

    /** The role of the server bypass (PROTOCOL §1), which internal services hold. */
    static final String SERVER_ROLE = "server";

    /** Where a caller acts: {@code tenant} null is the tenant-less scope. */
    record Scope(String tenant) {
    }

    private final Set<String> adminRoles;
    private final Set<String> adminOrServerRoles;

    ApiAccess(Settings settings) {
        this.adminRoles = Set.copyOf(settings.claims().adminRoles());
        var either = new HashSet<>(adminRoles);
        either.add(SERVER_ROLE);
        this.adminOrServerRoles = Set.copyOf(either);
    }

    /** The authenticated caller ({@link ApiAuthentication} ran first on every Bearer-authenticated resource). */
    static Optional<Identity> caller(SecurityContext context) {
        return context.getUserPrincipal() instanceof ApiCaller.Caller caller ? Optional.of(caller.identity()) : Optional.empty();
    }

    /** The caller when it holds an admin role. */
    Optional<Identity> admin(SecurityContext context) {
        return caller(context).filter(identity -> identity.hasAnyRole(adminRoles));
    }

    /** The caller when it holds an admin role or the server role. */
    Optional<Identity> adminOrServer(SecurityContext context) {
        return caller(context).filter(identity -> identity.hasAnyRole(adminOrServerRoles));
    }

    /** Where {@code caller} acts when it names {@code requested}; empty when it may not act there (403). */
    static Optional<Scope> scope(Identity caller, Optional<String> requested) {
        if (caller.isServerBypass()) {
            return Optional.of(new Scope(requested.orElse(null)));
        }
        if (requested.isPresent() && !requested.get().equals(caller.tenant())) {
            return Optional.empty();
        }
        return Optional.of(new Scope(caller.tenant()));
    }
}
