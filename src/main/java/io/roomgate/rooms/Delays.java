package io.roomgate.rooms;

import java.time.Duration;

/** Runs a task once a delay has passed, off the caller's thread: the server's timer service in a deployment. */
@FunctionalInterface
public interface Delays {

    void after(Duration delay, Runnable task);
}
