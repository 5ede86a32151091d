package io.roomgate.cluster;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Carries cross-connection effects between nodes. Callers publish; every node's listeners get each
 * event once, the publishing node's in the publishing thread before {@code publish} returns.
 */
public interface Backplane {

    /**
     * @return completes once every node will get the event (at once on a single node); fails with
     *         {@link ClusterUnavailableException} when the other nodes cannot be reached
     */
    CompletionStage<Void> publish(ClusterEvent event);

    void subscribe(Consumer<ClusterEvent> listener);

    /** The state the nodes share; empty on a single node, where nothing is shared. */
    default Optional<ClusterState> state() {
        return Optional.empty();
    }
}
