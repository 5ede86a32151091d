package io.roomgate.testing;

import io.roomgate.rooms.Delays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The registry's timer outside a server: the JDK's delayed executor. */
public final class JdkDelays {

    public static final Delays INSTANCE =
            (delay, task) -> CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(task);

    private JdkDelays() {
    }
}
