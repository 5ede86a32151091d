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

    /** @return true for the one caller that starts the drain */
    boolean startDraining() {
        return draining.compareAndSet(false, true);
    }
}
