package io.roomgate.rooms;

/** A user within its tenant's scope; the same sub in two tenants is two users. */
public record UserKey(String tenant, String userId) {
}
