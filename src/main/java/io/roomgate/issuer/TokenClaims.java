package io.roomgate.issuer;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** The claims of every token Roomgate signs itself (the exchange's and demo mode's): one shape for both. */
public final class TokenClaims {

    private TokenClaims() {
    }

    public static JwtClaimsBuilder of(ContainerCaller caller, String issuer, Set<String> audiences, String tenantClaim,
            Instant issuedAt, Instant expiresAt) {
        var claims = Jwt.subject(caller.userId())
                .preferredUserName(caller.userId())
                .issuer(issuer)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                // a jti makes every token revocable on its own (POST /api/revocations {jti})
                .claim("jti", UUID.randomUUID().toString())
                .groups(caller.roles());
        if (!audiences.isEmpty()) {
            claims.audience(audiences);
        }
        caller.tenant().ifPresent(tenant -> claims.claim(tenantClaim, tenant));
        return claims;
    }
}
