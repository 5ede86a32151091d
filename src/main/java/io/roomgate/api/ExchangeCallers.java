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

    /** Empty when the container authenticated nobody. */
    Optional<ContainerCaller> of(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return userId(principal).map(userId -> new ContainerCaller(userId,
                settings.roles().stream().filter(request::isUserInRole).collect(Collectors.toSet()),
                tenant(request, principal)));
    }

    /**
     * A JWT principal's {@code sub}, like a token from the IdP directly would carry, so one person is
     * one user whichever way they came in; otherwise the principal's name.
     */
    private static Optional<String> userId(Principal principal) {
        if (principal instanceof JsonWebToken jwt && jwt.getSubject() != null && !jwt.getSubject().isBlank()) {
            return Optional.of(jwt.getSubject());
        }
        return Optional.ofNullable(principal).map(Principal::getName).filter(name -> !name.isBlank());
    }

    private Optional<String> tenant(HttpServletRequest request, Principal principal) {
        var fromAttribute = settings.tenantAttribute().map(request::getAttribute).flatMap(ExchangeCallers::text);
        if (fromAttribute.isPresent()) {
            return fromAttribute;
        }
        return settings.tenantClaim()
                .filter(claim -> principal instanceof JsonWebToken)
                .map(claim -> ((JsonWebToken) principal).getClaim(claim))
                .flatMap(ExchangeCallers::text);
    }

    /**
     * Only a non-blank string names a tenant: anything else (a list, a number) would become a tenant
     * called by its toString(). smallrye-jwt hands string claims out as JSON-P strings.
     */
    private static Optional<String> text(Object value) {
        Object text = value instanceof JsonString string ? string.getString() : value;
        return text instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }
}
