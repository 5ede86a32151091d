package io.roomgate.config;

import java.time.Duration;

/** Per-connection, per-user and per-room bounds (PROTOCOL §5). */
public record LimitSettings(
        int frameBytes,
        int roomsPerConnection,
        int connectionsPerUser,
        int membersPerRoom,
        int outboundQueueBytes,
        Duration sendTimeout,
        int framesPerSecond,
        int frameBurst,
        int frameDropsBeforeClose,
        int bytesPerSecond,
        int byteBurst,
        int joinsPerSecond,
        int joinBurst,
        int handshakesPerSecond,
        int handshakeBurst,
        int failedAuthPerMinute,
        Duration failedAuthBlock,
        int trackedAddresses,
        int revocations) {
}
