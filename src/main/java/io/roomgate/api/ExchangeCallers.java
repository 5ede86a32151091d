package io.roomgate.api;

import io.roomgate.config.IssuerSettings;
import io.roomgate.issuer.ContainerCaller;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who the container authenticated: the principal's name, the configured container roles the
 * caller is in, and a tenant from a request attribute (set by the application's SSO filter, say)
 * or a claim of the principal when the container's principal is a JWT (MP-JWT or OIDC login).
 */
final class ExchangeCallers {

    private final IssuerSettings settings;

    ExchangeCallers(IssuerSettings settings) {
        this.settings = settings;
    }

    Optional<ContainerCaller> of(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null || principal.getName() == null || principal.getName().isBlank()) {
            return Optional.empty();
        }
        var roles = settings.roles().stream().filter(request::isUserInRole).collect(Collectors.toSet());
        return Optional.of(new ContainerCaller(principal.getName(), roles, tenant(request, principal)));
    }

    private Optional<String> tenant(HttpServletRequest request, Principal principal) {
        var fromAttribute = settings.tenantAttribute().map(request::getAttribute);
        if (fromAttribute.isPresent()) {
            return fromAttribute.map(Object::toString).filter(t -> !t.isBlank());
        }
        return settings.tenantClaim()
                .filter(claim -> principal instanceof JsonWebToken)
                .map(claim -> ((JsonWebToken) principal).getClaim(claim))
                .map(ExchangeCallers::text)
                .filter(t -> !t.isBlank());
    }

    /** smallrye-jwt hands non-standard string claims out as JSON-P values, whose toString() adds quotes. */
    private static String text(Object claim) {
        return claim instanceof JsonString string ? string.getString() : claim.toString();
    }
}
