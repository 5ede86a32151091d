package io.roomgate.config;

import java.util.Set;

/** Which token claims carry roles and tenant, and which roles may moderate. */
public record ClaimSettings(
        String roleClaim,
        String tenantClaim,
        boolean tenantRequired,
        Set<String> moderatorRoles,
        Set<String> adminRoles) {
}
