package io.roomgate.rooms;

/** A room within its tenant's scope; {@code tenant} is null for the tenant-less scope. */
public record RoomKey(String tenant, String name) {
}
