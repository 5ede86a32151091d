package io.roomgate.limits;

/** A token bucket's shape: what it refills per second and what it holds at most. */
public record Rate(long perSecond, long burst) {
}
