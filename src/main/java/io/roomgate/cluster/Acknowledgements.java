package io.roomgate.cluster;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for the backplane to take an effect that is only acknowledged once every node will get it. */
public final class Acknowledgements {

    /** How long a Redis command, and so an acknowledgement, may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private Acknowledgements() {
    }

    /** @throws ClusterUnavailableException when the effect did not reach the backplane in time */
    public static void await(CompletionStage<?> published) {
        try {
            published.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ClusterUnavailableException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException();
        }
    }
}
