package io.roomgate.rooms;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Room bans with an end; ended bans are dropped when looked at or when new bans are added. */
final class BanList {

    private record Ban(RoomKey room, String userId) {
    }

    private final Map<Ban, Long> untilEpochSecond = new ConcurrentHashMap<>();
    private final Clock clock;

    BanList(Clock clock) {
        this.clock = clock;
    }

    /** @return the ban's end in epoch seconds */
    long ban(RoomKey room, String userId, long seconds) {
        long now = clock.instant().getEpochSecond();
        untilEpochSecond.values().removeIf(until -> until <= now);
        // saturating: a "permanent" ban of Long.MAX_VALUE seconds must not wrap into the past
        long until = seconds > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + seconds;
        return untilEpochSecond.merge(new Ban(room, userId), until, Math::max);
    }

    /** @return the ban's end in epoch seconds while the user is banned from the room */
    OptionalLong bannedUntil(RoomKey room, String userId) {
        var ban = new Ban(room, userId);
        Long until = untilEpochSecond.get(ban);
        if (until == null) {
            return OptionalLong.empty();
        }
        if (until <= clock.instant().getEpochSecond()) {
            untilEpochSecond.remove(ban, until);
            return OptionalLong.empty();
        }
        return OptionalLong.of(until);
    }
}
