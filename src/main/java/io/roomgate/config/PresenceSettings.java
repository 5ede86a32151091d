package io.roomgate.config;

/**
 * How presence stays bounded in large rooms (PROTOCOL §2.0): the users a snapshot lists at most,
 * and the room size above which joins and leaves are summarised as a count instead of announced.
 */
public record PresenceSettings(int snapshotLimit, int eventsLimit) {
}
