package io.roomgate.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.event.DefaultEventPublisherOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.roomgate.threads.ManagedThreads;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The cluster's backplane on Redis (PROTOCOL §9), through Lettuce: one connection for commands and
 * publishing, one for subscriptions (the control channel always, a room's channel while this node has
 * members there). Commands are rejected at once while disconnected (never queued and replayed late)
 * and time out after two seconds; Lettuce reconnects and re-subscribes by itself.
 * <p>
 * Events reach this node's listeners in the publishing thread; from Redis, other nodes' events reach
 * them on one thread of their own, in the order Redis delivered them (this node's own echoes are
 * skipped by the node id in each envelope). A heartbeat keeps this node's liveness key and sweeps the
 * presence of nodes whose key expired.
 */
public final class RedisBackplane implements Backplane, ClusterState, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisBackplane.class.getName());
    private static final Duration COMMAND_TIMEOUT = Acknowledgements.TIMEOUT;
    /**
     * Lettuce reports every reconnect attempt at INFO: kept at WARNING, so that an outage is one
     * WARNING of ours, not a line every two seconds. Held here: a logger's level lasts as long as it is referenced.
     */
    private static final List<Logger> QUIETED = quiet("io.lettuce.core.protocol.ConnectionWatchdog",
            "io.lettuce.core.protocol.ReconnectionHandler");
    private static final Delay RECONNECT = Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS);

    private final String node;
    private final Keys keys;
    private final Duration nodeTimeout;
    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectTasks = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<RoomRef, List<String>>> departureListeners = new CopyOnWriteArrayList<>();
    private final ClientResources resources;
    private final RedisClient client;
    /** Other nodes' events, reconnect work: one thread, so events keep Redis's order. */
    private final ExecutorService dispatcher;
    private final ScheduledExecutorService ticks;
    private volatile StatefulRedisConnection<String, String> commands;
    private final RedisCalls redis = new RedisCalls(() -> commands);
    private final RedisPresence presence;
    private volatile StatefulRedisPubSubConnection<String, String> subscriptions;
    /** What this node last reported of the backplane: a WARN once per outage, reconnect work once per return. */
    private boolean wasAvailable;
    private volatile boolean closed;
    /** This node's liveness key was written once: from then on, finding it gone means we were swept. */
    private boolean heartbeatWritten;

    public RedisBackplane(String url, String node, String keyPrefix, Duration heartbeat, Duration nodeTimeout) {
        this.node = node;
        this.keys = new Keys(keyPrefix);
        this.nodeTimeout = nodeTimeout;
        this.presence = new RedisPresence(node, keys, redis);
        Optional<ThreadFactory> managed = ManagedThreads.managed();
        this.dispatcher = Executors.newSingleThreadExecutor(managed.orElseGet(() -> ManagedThreads.daemon("roomgate-backplane")));
        this.ticks = Executors.newSingleThreadScheduledExecutor(managed.orElseGet(() -> ManagedThreads.daemon("roomgate-heartbeat")));
        // Lettuce's own threads are Roomgate's daemon threads, not the server's managed ones: its timer
        // waits for its thread to run when the client is built, inside the application's start, and Open
        // Liberty runs no managed thread until that start is over (the deployment hung). They carry no
        // application context and are all shut down with the backplane.
        this.resources = DefaultClientResources.builder()
                .threadFactoryProvider(pool -> ManagedThreads.daemon("roomgate-redis-" + pool))
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(RECONNECT)
                // on by default once LatencyUtils is on the class path (Micrometer brings it): a latency
                // record per command, and pause-detector threads waking every millisecond, for figures
                // nobody reads (Roomgate's own metrics are in /api/metrics)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .commandLatencyPublisherOptions(DefaultEventPublisherOptions.disabled())
                .nettyCustomizer(new ConsolidatedFlushes())
                .build();
        var uri = RedisURI.create(url);
        uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                dispatcher.execute(RedisBackplane.this::checkAvailability);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                dispatcher.execute(RedisBackplane.this::checkAvailability);
            }
        });
        // the first tick connects; should Redis be down, the node starts anyway and serves locally
        tick();
        ticks.scheduleWithFixedDelay(this::tick, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<ClusterState> state() {
        return Optional.of(this);
    }

    @Override
    public String nodeId() {
        return node;
    }

    @Override
    public boolean available() {
        var c = commands;
        var s = subscriptions;
        return c != null && s != null && c.isOpen() && s.isOpen();
    }

    // --- events

    @Override
    public CompletionStage<Void> publish(ClusterEvent event) {
        listeners.forEach(listener -> listener.accept(event));
        var c = commands;
        if (c == null) {
            return CompletableFuture.failedStage(new ClusterUnavailableException());
        }
        String channel = event instanceof ClusterEvent.RoomBroadcast b ? keys.roomChannel(Keys.scope(b.tenant(), b.room()))
                : event instanceof ClusterEvent.CountChanged n ? keys.roomChannel(Keys.scope(n.tenant(), n.room()))
                : keys.control();
        try {
            return c.async().publish(channel, EventCodec.encode(node, event)).handle((receivers, failure) -> {
                if (failure != null) {
                    throw new CompletionException(new ClusterUnavailableException());
                }
                return null;
            });
        } catch (RedisException e) {
            return CompletableFuture.failedStage(new ClusterUnavailableException());
        }
    }

    @Override
    public void subscribe(Consumer<ClusterEvent> listener) {
        listeners.add(listener);
    }

    private void received(String text) {
        try {
            var envelope = EventCodec.decode(text);
            // kept messages come back to their own node too: only Redis's order puts them in offset order
            if (!node.equals(envelope.node()) || envelope.event() instanceof ClusterEvent.KeptBroadcast) {
                listeners.forEach(listener -> listener.accept(envelope.event()));
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "A backplane event could not be applied: " + e.getClass().getName());
        }
    }

    @Override
    public CompletionStage<Void> follow(String tenant, String room) {
        var s = subscriptions;
        if (s == null) {
            return CompletableFuture.failedStage(new ClusterUnavailableException());
        }
        return s.async().subscribe(keys.roomChannel(Keys.scope(tenant, room))).thenApply(done -> null);
    }

    @Override
    public void unfollow(String tenant, String room) {
        var s = subscriptions;
        var c = commands;
        if (s == null || c == null) {
            return;
        }
        String scope = Keys.scope(tenant, room);
        try {
            // failures are harmless: a channel whose events find no members here, a room a sweep finds empty
            s.async().unsubscribe(keys.roomChannel(scope));
            // after this node's last leave there (same connection, so in order before a later join's SADD)
            c.async().srem(keys.nodeRooms(node), scope);
        } catch (RedisException e) {
            // as above
        }
    }

    // --- history

    @Override
    public void keep(ClusterEvent.KeptBroadcast message, HistoryBounds bounds) {
        String scope = Keys.scope(message.tenant(), message.room());
        redis.script(Scripts.KEEP, keys.history(scope), message.epoch(), Long.toString(bounds.ttlMillis()), message.payload(),
                Integer.toString(bounds.size()), Long.toString(bounds.bytes()), keys.roomChannel(scope),
                EventCodec.encode(node, message));
    }

    @Override
    @SuppressWarnings("unchecked")
    public History history(String tenant, String room, long after, int limit, HistoryBounds bounds, String newEpoch) {
        List<Object> result = redis.script(Scripts.HISTORY, keys.history(Keys.scope(tenant, room)), newEpoch,
                Long.toString(bounds.ttlMillis()), Long.toString(after), Integer.toString(limit));
        var messages = new ArrayList<KeptPayload>();
        for (Object entry : (List<Object>) result.get(3)) {
            var idAndFields = (List<Object>) entry;
            var fields = (List<Object>) idAndFields.get(1);
            String id = (String) idAndFields.get(0);
            messages.add(new KeptPayload(Long.parseLong(id.substring(id.indexOf('-') + 1)), (String) fields.get(1)));
        }
        return new History((String) result.get(0), (Long) result.get(1), (Long) result.get(2), List.copyOf(messages));
    }

    // --- presence

    @Override
    public Change adjust(String tenant, String room, String userId, String username, boolean admin, int delta,
            int maxConnections) {
        return presence.adjust(tenant, room, userId, username, admin, delta, maxConnections);
    }

    @Override
    public boolean claimConnection(String tenant, String userId, int maxConnections) {
        return presence.claimConnection(tenant, userId, maxConnections);
    }

    @Override
    public void releaseConnection(String tenant, String userId) {
        presence.releaseConnection(tenant, userId);
    }

    @Override
    public void replaceConnections(Map<UserRef, Integer> connections) {
        presence.replaceConnections(connections);
    }

    @Override
    public Changes replace(String tenant, String room, List<Seat> seats) {
        return presence.replace(tenant, room, seats);
    }

    @Override
    public List<RoomRef> rooms() {
        return presence.rooms();
    }

    @Override
    public Page page(String tenant, String room, Optional<String> after, int limit) {
        return presence.page(tenant, room, after, limit);
    }

    @Override
    public int userCount(String tenant, String room) {
        return presence.userCount(tenant, room);
    }

    @Override
    public Presence presence(String tenant, String room, String userId) {
        return presence.presence(tenant, room, userId);
    }

    @Override
    public void ban(String tenant, String room, String userId, long untilEpochSecond) {
        long millis = Math.max(1, Math.min(untilEpochSecond, Long.MAX_VALUE / 1000) * 1000 - System.currentTimeMillis());
        redis.call(c -> c.set(keys.ban(Keys.scope(tenant, room), userId), Long.toString(untilEpochSecond), SetArgs.Builder.px(millis)));
    }

    @Override
    public OptionalLong bannedUntil(String tenant, String room, String userId) {
        String until = redis.call(c -> c.get(keys.ban(Keys.scope(tenant, room), userId)));
        return until == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(until));
    }

    // --- revocations

    @Override
    public void store(ClusterEvent.Revoked revocation) {
        long millis = revocation.keepUntil() * 1000 - System.currentTimeMillis();
        if (millis > 0) {
            redis.call(c -> c.set(keys.revocation(revocation), EventCodec.encode(node, revocation), SetArgs.Builder.px(millis)));
        }
    }

    @Override
    public List<ClusterEvent.Revoked> revocations() {
        var found = new ArrayList<ClusterEvent.Revoked>();
        var args = ScanArgs.Builder.matches(keys.revocations() + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var from = cursor;
            var page = redis.call(c -> c.scan(from, args));
            if (!page.getKeys().isEmpty()) {
                for (KeyValue<String, String> value : redis.call(c -> c.mget(page.getKeys().toArray(String[]::new)))) {
                    if (value.hasValue() && EventCodec.decode(value.getValue()).event() instanceof ClusterEvent.Revoked revoked) {
                        found.add(revoked);
                    }
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return found;
    }

    @Override
    public String shareOnce(String name, String value) {
        redis.call(c -> c.set(keys.shared(name), value, SetArgs.Builder.nx()));
        String stored = redis.call(c -> c.get(keys.shared(name)));
        if (stored == null) {
            throw new ClusterUnavailableException();
        }
        return stored;
    }

    // --- liveness

    @Override
    public void onReconnect(Runnable task) {
        reconnectTasks.add(task);
        if (available()) {
            dispatcher.execute(task);
        }
    }

    @Override
    public void onDeparted(BiConsumer<RoomRef, List<String>> departed) {
        departureListeners.add(departed);
    }

    /** Connects when not yet connected, refreshes the liveness key, sweeps dead nodes. */
    private void tick() {
        try {
            connectIfNeeded();
            if (available()) {
                String before = beat();
                if (before == null && heartbeatWritten) {
                    // our key had expired (or Redis lost it): others may have swept us; put our members back
                    dispatcher.execute(this::reconnected);
                }
                heartbeatWritten = true;
                for (String other : redis.call(c -> c.smembers(keys.nodes()))) {
                    if (!other.equals(node) && redis.call(c -> c.exists(keys.heartbeat(other))) == 0) {
                        presence.sweep(other, this::departed);
                    }
                }
            }
        } catch (ClusterUnavailableException e) {
            // reported once by checkAvailability
        } catch (RuntimeException e) {
            LOG.warning(() -> "Backplane heartbeat failed: " + e.getClass().getName());
        }
        dispatcher.execute(this::checkAvailability);
    }

    private synchronized void connectIfNeeded() {
        if (commands != null) {
            return;
        }
        try {
            var sub = client.connectPubSub();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    dispatcher.execute(() -> received(message));
                }
            });
            sub.sync().subscribe(keys.control());
            subscriptions = sub;
            commands = client.connect();
        } catch (RedisException e) {
            var sub = subscriptions;
            subscriptions = null;
            if (sub != null) {
                sub.closeAsync();
            }
            throw new ClusterUnavailableException();
        }
    }

    private void departed(RoomRef room, List<String> users) {
        departureListeners.forEach(listener -> listener.accept(room, users));
    }

    /** On the dispatcher thread: one WARN per outage, and the reconnect work once per return. */
    private void checkAvailability() {
        if (closed) {
            return;
        }
        boolean now = available();
        if (now == wasAvailable) {
            return;
        }
        wasAvailable = now;
        if (now) {
            LOG.info(() -> "Cluster backplane reachable; node " + node + " shares its rooms through it");
            reconnected();
        } else {
            LOG.warning(() -> "Cluster backplane unreachable; node " + node
                    + " serves its own connections only until it returns");
        }
    }

    /** Writes this node's liveness key and lists the node; what the key held before (null: it was gone). */
    private String beat() {
        String before = redis.call(c -> c.setGet(keys.heartbeat(node), "1", SetArgs.Builder.px(nodeTimeout.toMillis())));
        redis.call(c -> c.sadd(keys.nodes(), node));
        return before;
    }

    private void reconnected() {
        try {
            // listed again before its members are: a Redis that came back empty knows no node until its next
            // heartbeat, and members put back by a node that dies before that beat would never be swept
            beat();
        } catch (ClusterUnavailableException e) {
            return; // gone again: the next return comes back here
        }
        for (Runnable task : reconnectTasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warning(() -> "Re-registering with the backplane failed: " + e.getClass().getName());
            }
        }
    }

    private static List<Logger> quiet(String... names) {
        var loggers = new ArrayList<Logger>();
        for (String name : names) {
            var logger = Logger.getLogger(name);
            logger.setLevel(java.util.logging.Level.WARNING);
            loggers.add(logger);
        }
        return List.copyOf(loggers);
    }

    // --- stop

    /** A clean stop: this node's members leave presence at once, then every connection and thread ends. */
    @Override
    public void close() {
        close(true);
    }

    /**
     * @param leave false: stop as a crashed node would, leaving its presence for the other nodes'
     *              sweep to take back once its liveness key expires
     */
    public void close(boolean leave) {
        closed = true;
        ticks.shutdownNow();
        if (leave && available()) {
            try {
                presence.sweep(node, this::departed);
                redis.call(c -> c.del(keys.heartbeat(node)));
            } catch (ClusterUnavailableException e) {
                LOG.warning("Cluster backplane unreachable at stop; the other nodes will sweep this node's presence");
            }
        }
        var c = commands;
        var s = subscriptions;
        if (s != null && s.isOpen()) {
            s.close();
        }
        if (c != null && c.isOpen()) {
            c.close();
        }
        client.shutdown(Duration.ZERO, COMMAND_TIMEOUT);
        resources.shutdown(0, COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        dispatcher.shutdownNow();
    }
}
