package io.roomgate.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the application is in its life: started (every service built), draining (on its way
 * down), and how many WebSocket sessions are open, so that the drain can tell when its closes are out.
 */
@ApplicationScoped
public class Lifecycle {

    private volatile boolean started;
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The thread draining an exiting JVM, once there is one. */
    private volatile Thread exitDrain;
    private final AtomicInteger openSockets = new AtomicInteger();

    public void socketOpened() {
        openSockets.incrementAndGet();
    }

    public void socketClosed() {
        openSockets.decrementAndGet();
    }

    int openSockets() {
        return openSockets.get();
    }

    public void markStarted() {
        started = true;
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isDraining() {
        return draining.get();
    }

    /**
     * Whether the caller is the drain of an exiting JVM (SIGTERM): the server is about to close every
     * session itself, within milliseconds, so that drain's closes go out on its own thread rather than
     * wait for a pool. Only that thread: a container thread must never block on a close.
     */
    public boolean isExitDrain() {
        return exitDrain == Thread.currentThread();
    }

    void markExitDrain() {
        exitDrain = Thread.currentThread();
    }

    /** @return true for the one caller that starts the drain */
    boolean startDraining() {
        return draining.compareAndSet(false, true);
    }
}
