package io.roomgate.config;

import java.util.Set;

/** Which token claims carry roles, tenant and permissions, and which roles may moderate. */
public record ClaimSettings(
        String roleClaim,
        String tenantClaim,
        boolean tenantRequired,
        Set<String> moderatorRoles,
        Set<String> adminRoles,
        String permissionsClaim,
        boolean permissionsRequired) {
}
