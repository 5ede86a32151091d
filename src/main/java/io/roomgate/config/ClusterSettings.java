package io.roomgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * PROTOCOL §9: the Redis backplane shared by every node of a cluster. Without a URL the node is a
 * single server and no Redis code runs at all.
 *
 * @param redisUrl    {@code redis://[user:pass@]host:port[/db]} or {@code rediss://} for TLS; empty: single node
 * @param nodeId      this node's name in Redis keys and in the envelopes it publishes (to skip its own echoes)
 * @param keyPrefix   first segment of every key and channel, so that clusters can share one Redis
 * @param heartbeat   how often the node refreshes its liveness key and sweeps dead nodes
 * @param nodeTimeout how long a node's liveness key outlives its last heartbeat
 */
public record ClusterSettings(Optional<String> redisUrl, String nodeId, String keyPrefix, Duration heartbeat,
        Duration nodeTimeout) {

    public boolean clustered() {
        return redisUrl.isPresent();
    }

    /** Settings may be printed; the URL's password is a secret. */
    @Override
    public String toString() {
        return "ClusterSettings[redisUrl=" + redisUrl.map(ClusterSettings::redacted).orElse("none") + ", nodeId=" + nodeId
                + ", keyPrefix=" + keyPrefix + ", heartbeat=" + heartbeat + ", nodeTimeout=" + nodeTimeout + "]";
    }

    /** The URL with any user information replaced: what a log line may say of it. */
    public static String redacted(String url) {
        try {
            var uri = URI.create(url);
            return uri.getRawUserInfo() == null ? url : url.replace(uri.getRawUserInfo(), "***");
        } catch (IllegalArgumentException e) {
            return "(unparseable)";
        }
    }
}
