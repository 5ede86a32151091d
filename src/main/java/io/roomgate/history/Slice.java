package io.roomgate.history;

import java.util.List;

/**
 * Kept messages after an offset, oldest first, read together with the room's {@link Position}.
 *
 * @param complete every message after that offset is still kept (none was dropped by the bounds)
 */
public record Slice(Position position, List<Kept> messages, boolean complete) {

    /**
     * @param oldest the first offset still kept ({@code position.offset() + 1} when none is)
     * @param after  the offset {@code messages} follow
     */
    public static Slice of(Position position, List<Kept> messages, long oldest, long after) {
        return new Slice(position, messages, after >= oldest - 1 && after <= position.offset());
    }

    /** A recovery from {@code since}: the epoch is the room's and nothing after {@code since.offset} is gone. */
    public boolean recovers(Position since) {
        return complete && position.epoch().equals(since.epoch());
    }
}
