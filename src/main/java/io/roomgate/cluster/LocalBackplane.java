package io.roomgate.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The single-node backplane: events are applied in the publishing thread. */
@ApplicationScoped
public class LocalBackplane implements Backplane {

    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(ClusterEvent event) {
        listeners.forEach(listener -> listener.accept(event));
    }

    @Override
    public void subscribe(Consumer<ClusterEvent> listener) {
        listeners.add(listener);
    }
}
