package io.roomgate.rooms;

import io.roomgate.cluster.Backplane;
import io.roomgate.cluster.LocalBackplane;
import io.roomgate.cluster.RedisBackplane;
import io.roomgate.config.ClusterSettings;
import io.roomgate.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/**
 * The node's backplane: Redis when {@code roomgate.cluster.redis.url} is set (PROTOCOL §9), else the
 * single-node one, with which no Redis class is ever loaded.
 */
@ApplicationScoped
public class BackplaneProducer {

    @Produces
    @ApplicationScoped
    Backplane backplane(Settings settings) {
        ClusterSettings cluster = settings.cluster();
        if (!cluster.clustered()) {
            return new LocalBackplane();
        }
        return new RedisBackplane(cluster.redisUrl().orElseThrow(), cluster.nodeId(), cluster.keyPrefix(),
                cluster.heartbeat(), cluster.nodeTimeout());
    }

    /** Undeploy: a clean stop, so the node leaves presence at once and no Redis thread outlives the application. */
    void close(@Disposes Backplane backplane) {
        if (backplane instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("backplane did not stop", e);
            }
        }
    }
}
