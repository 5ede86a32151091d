package io.roomgate.api;

import io.roomgate.auth.Identity;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** Who called the HTTP API, as its Bearer token proved: roles are the token's roles. */
record ApiCaller(Identity identity, boolean secure) implements SecurityContext {

    /**
     * The caller's identity as a principal: what resources read back, since some JAX-RS runtimes
     * (RESTEasy) inject a proxy of the security context, never this record itself.
     */
    record Caller(Identity identity) implements Principal {
        @Override
        public String getName() {
            return identity.userId();
        }
    }

    @Override
    public Principal getUserPrincipal() {
        return new Caller(identity);
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
