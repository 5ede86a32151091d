package io.roomgate.config;

import java.time.Duration;
import java.util.Optional;

/** The room every connection joins on connect (none when empty) and the default kick ban. */
public record RoomSettings(Optional<String> defaultRoom, Duration defaultBan) {
}
