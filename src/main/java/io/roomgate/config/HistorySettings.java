package io.roomgate.config;

import java.time.Duration;

/**
 * PROTOCOL §8: how much of each room's recent messages is kept for recovery. Off while {@code size}
 * is 0; then nothing is kept, assigned or read.
 *
 * @param size  messages kept per room
 * @param ttl   how long a room's history outlives its last message
 * @param bytes most UTF-8 bytes of kept frames per room: the oldest go first past it
 */
public record HistorySettings(int size, Duration ttl, long bytes) {

    public boolean enabled() {
        return size > 0;
    }
}
