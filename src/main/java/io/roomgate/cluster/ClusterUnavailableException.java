package io.roomgate.cluster;

/**
 * The backplane could not be reached (PROTOCOL §9): a cross-node effect is not made, and whoever
 * asked for it is answered {@code unavailable "Cluster unavailable"}. Carries no cause: Redis
 * client messages can name hosts.
 */
public final class ClusterUnavailableException extends RuntimeException {

    public ClusterUnavailableException() {
        super("Cluster unavailable", null, false, false);
    }
}
