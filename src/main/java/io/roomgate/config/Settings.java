package io.roomgate.config;

/** Everything Roomgate reads from MicroProfile Config, validated once at deployment. */
public record Settings(
        AuthSettings auth,
        ClaimSettings claims,
        RoomSettings rooms,
        LimitSettings limits,
        boolean demoEnabled) {
}
