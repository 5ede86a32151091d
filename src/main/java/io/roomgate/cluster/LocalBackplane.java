package io.roomgate.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The single-node backplane: events are applied in the publishing thread. */
public class LocalBackplane implements Backplane {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> publish(ClusterEvent event) {
        listeners.forEach(listener -> listener.accept(event));
        return DONE;
    }

    @Override
    public void subscribe(Consumer<ClusterEvent> listener) {
        listeners.add(listener);
    }
}
