package io.roomgate.config;

import java.time.Duration;
import java.util.Optional;

/** The room every connection joins on connect (none when empty), the default kick ban and presence's bounds. */
public record RoomSettings(Optional<String> defaultRoom, Duration defaultBan, PresenceSettings presence) {
}
