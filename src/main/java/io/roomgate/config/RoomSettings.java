package io.roomgate.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The room every connection joins on connect (none when empty), the default kick ban, presence's
 * bounds and each room's history (PROTOCOL §8).
 */
public record RoomSettings(Optional<String> defaultRoom, Duration defaultBan, PresenceSettings presence,
        HistorySettings history) {
}
