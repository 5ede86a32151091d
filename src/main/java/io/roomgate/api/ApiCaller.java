package io.roomgate.api;

import io.roomgate.auth.Identity;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** Who called the HTTP API, as its Bearer token proved: roles are the token's roles. */
record ApiCaller(Identity identity, boolean secure) implements SecurityContext {

    /** The caller's user id, and the tenant its token is scoped to (null: none). */
    record Caller(String getName, String tenant) implements Principal {
    }

    @Override
    public Principal getUserPrincipal() {
        return new Caller(identity.userId(), identity.tenant());
    }

    @Override
    public boolean isUserInRole(String role) {
        return identity.roles().contains(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "Bearer";
    }
}
