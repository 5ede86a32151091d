package io.roomgate.auth;

import io.roomgate.config.ClaimSettings;
import io.roomgate.permissions.MalformedPermissionsException;
import io.roomgate.permissions.Permissions;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;

/** Maps verified claims onto an {@link Identity} (PROTOCOL §6). */
public final class ClaimMapper {

    private static final List<String> USERNAME_CLAIMS = List.of("preferred_username", "upn", "name");

    private final ClaimSettings settings;

    public ClaimMapper(ClaimSettings settings) {
        this.settings = settings;
    }

    public Identity map(TokenVerifier.VerifiedToken token) throws TokenRejectedException {
        JwtClaims claims = token.claims();
        try {
            // sub is non-empty: the verifier refuses tokens without one
            String subject = claims.getSubject();
            if (Identity.SERVER_USER.equals(subject)) {
                throw new TokenRejectedException(AuthFailure.CLAIMS);
            }
            String tenant = tenant(claims);
            NumericDate exp = claims.getExpirationTime();
            NumericDate iat = claims.getIssuedAt();
            if (exp == null || iat == null) {
                // the verifier refuses such tokens already; an identity without them could not expire or be revoked
                throw new TokenRejectedException(AuthFailure.CLAIMS);
            }
            return new Identity(subject, username(claims, subject), roles(claims), tenant, exp.getValue(),
                    claims.getJwtId(), iat.getValue(), true, permissions(claims), claims.getIssuer(), token.keyId());
        } catch (MalformedClaimException e) {
            throw new TokenRejectedException(AuthFailure.CLAIMS);
        }
    }

    /**
     * Absent means the tenant-less scope. A tenant claim that is present but not a non-blank string
     * is refused: read as "no tenant" it would put users of different tenants in one scope.
     */
    private String tenant(JwtClaims claims) throws TokenRejectedException {
        Object claim = claims.getClaimValue(settings.tenantClaim());
        if (claim == null) {
            if (settings.tenantRequired()) {
                throw new TokenRejectedException(AuthFailure.CLAIMS);
            }
            return null;
        }
        String tenant = nonEmptyString(claim);
        if (tenant == null) {
            throw new TokenRejectedException(AuthFailure.CLAIMS);
        }
        return tenant;
    }

    /**
     * PROTOCOL §10. A claim present as JSON {@code null} is not an array, so it is refused like any
     * other malformed claim rather than read as absent.
     */
    private Permissions permissions(JwtClaims claims) throws TokenRejectedException {
        String name = settings.permissionsClaim();
        Object claim = claims.getClaimValue(name);
        if (claim == null && !claims.getClaimNames().contains(name)) {
            return settings.permissionsRequired() ? Permissions.NOTHING : Permissions.UNRESTRICTED;
        }
        try {
            return Permissions.fromClaim(claim);
        } catch (MalformedPermissionsException e) {
            throw new TokenRejectedException(AuthFailure.CLAIMS);
        }
    }

    private static String username(JwtClaims claims, String subject) {
        return USERNAME_CLAIMS.stream()
                .map(name -> nonEmptyString(claims.getClaimValue(name)))
                .filter(value -> value != null)
                .findFirst()
                .orElse(subject);
    }

    private Set<String> roles(JwtClaims claims) {
        var roles = new LinkedHashSet<String>();
        addRoles(roles, claims.getClaimValue("groups"));
        addRoles(roles, claims.getClaimValue(settings.roleClaim()));
        return roles;
    }

    /** A claim holding a single string counts as one role; arrays contribute their strings. */
    private static void addRoles(Set<String> roles, Object claim) {
        if (claim instanceof Collection<?> values) {
            values.forEach(value -> addRoles(roles, value));
        } else {
            String role = nonEmptyString(claim);
            if (role != null) {
                roles.add(role);
            }
        }
    }

    private static String nonEmptyString(Object value) {
        return value instanceof String text && !text.isBlank() ? text : null;
    }
}
