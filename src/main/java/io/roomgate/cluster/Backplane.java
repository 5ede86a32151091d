package io.roomgate.cluster;

import java.util.function.Consumer;

/**
 * Carries cross-connection effects between nodes. Callers publish; every node's registry
 * subscribes and applies events to its local connections, its own included.
 */
public interface Backplane {

    void publish(ClusterEvent event);

    void subscribe(Consumer<ClusterEvent> listener);
}
