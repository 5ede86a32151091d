package io.roomgate.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.roomgate.threads.ManagedThreads;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
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
    private final Map<String, String> shas = new ConcurrentHashMap<>();
    private final ClientResources resources;
    private final RedisClient client;
    /** Other nodes' events, reconnect work: one thread, so events keep Redis's order. */
    private final ExecutorService dispatcher;
    private final ScheduledExecutorService ticks;
    private volatile StatefulRedisConnection<String, String> commands;
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
        script(Scripts.KEEP, keys.history(scope), message.epoch(), Long.toString(bounds.ttlMillis()), message.payload(),
                Integer.toString(bounds.size()), Long.toString(bounds.bytes()), keys.roomChannel(scope),
                EventCodec.encode(node, message));
    }

    @Override
    @SuppressWarnings("unchecked")
    public History history(String tenant, String room, long after, int limit, HistoryBounds bounds, String newEpoch) {
        List<Object> result = script(Scripts.HISTORY, keys.history(Keys.scope(tenant, room)), newEpoch,
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
        String scope = Keys.scope(tenant, room);
        if (delta > 0) {
            // not waited for: queued on the same connection ahead of the script, which fails too if it does
            call(c -> c.getStatefulConnection().async().sadd(keys.nodeRooms(node), scope));
        }
        List<Object> result = script(Scripts.ADJUST, keys.presence(scope, node), userId, Integer.toString(delta),
                username, admin ? "1" : "0", Integer.toString(maxConnections));
        long outcome = (Long) result.get(0);
        return new Change(outcome < 0, outcome == 1, ((Long) result.get(1)).intValue(), (Long) result.get(2));
    }

    @Override
    public boolean claimConnection(String tenant, String userId, int maxConnections) {
        String scope = Keys.userScope(tenant, userId);
        // not waited for, as in adjust: one round trip per handshake
        call(c -> c.getStatefulConnection().async().sadd(keys.nodeUsers(node), scope));
        return (Long) script(Scripts.CLAIM, new String[] {keys.userConnections(scope)}, node, Integer.toString(maxConnections))
                .get(0) == 1;
    }

    @Override
    public void releaseConnection(String tenant, String userId) {
        String scope = Keys.userScope(tenant, userId);
        if ((Long) script(Scripts.RELEASE, new String[] {keys.userConnections(scope)}, node).get(0) <= 0) {
            call(c -> c.srem(keys.nodeUsers(node), scope));
        }
    }

    @Override
    public void replaceConnections(Map<UserRef, Integer> connections) {
        var wanted = new java.util.HashMap<String, Integer>();
        connections.forEach((user, count) -> wanted.put(Keys.userScope(user.tenant(), user.userId()), count));
        for (String scope : call(c -> c.smembers(keys.nodeUsers(node)))) {
            if (!wanted.containsKey(scope)) {
                call(c -> c.hdel(keys.userConnections(scope), node));
                call(c -> c.srem(keys.nodeUsers(node), scope));
            }
        }
        wanted.forEach((scope, count) -> {
            call(c -> c.sadd(keys.nodeUsers(node), scope));
            call(c -> c.hset(keys.userConnections(scope), node, Integer.toString(count)));
        });
    }

    @Override
    public Changes replace(String tenant, String room, List<Seat> seats) {
        String scope = Keys.scope(tenant, room);
        if (!seats.isEmpty()) {
            call(c -> c.sadd(keys.nodeRooms(node), scope));
        }
        return replaceAt(scope, node, seats);
    }

    @Override
    public List<RoomRef> rooms() {
        return call(c -> c.smembers(keys.nodeRooms(node))).stream().map(Keys::parseScope).toList();
    }

    @SuppressWarnings("unchecked")
    private Changes replaceAt(String scope, String whose, List<Seat> seats) {
        var args = new ArrayList<String>(seats.size() * 4);
        for (Seat seat : seats) {
            args.add(seat.userId());
            args.add(Integer.toString(seat.connections()));
            args.add(seat.username());
            args.add(seat.admin() ? "1" : "0");
        }
        List<Object> result = script(Scripts.REPLACE, keys.presence(scope, whose), args.toArray(String[]::new));
        return new Changes(List.copyOf((List<String>) result.get(0)), List.copyOf((List<String>) result.get(1)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Page page(String tenant, String room, Optional<String> after, int limit) {
        String scope = Keys.scope(tenant, room);
        List<Object> result = script(Scripts.PAGE, new String[] {keys.room(scope, "users"), keys.room(scope, "names")},
                after.map(userId -> "(" + userId).orElse("-"), Integer.toString(limit));
        var ids = (List<String>) result.get(1);
        var names = (List<String>) result.get(2);
        var members = new ArrayList<Member>(Math.min(ids.size(), limit));
        for (int i = 0; i < ids.size() && i < limit; i++) {
            members.add(new Member(ids.get(i), names.get(i) == null ? ids.get(i) : names.get(i)));
        }
        return new Page(List.copyOf(members), ((Long) result.get(0)).intValue(), ids.size() > limit);
    }

    @Override
    public int userCount(String tenant, String room) {
        return call(c -> c.zcard(keys.room(Keys.scope(tenant, room), "users"))).intValue();
    }

    @Override
    public Presence presence(String tenant, String room, String userId) {
        String scope = Keys.scope(tenant, room);
        boolean present = call(c -> c.hexists(keys.room(scope, "conns"), userId));
        return new Presence(present, present && call(c -> c.sismember(keys.room(scope, "admins"), userId)));
    }

    @Override
    public void ban(String tenant, String room, String userId, long untilEpochSecond) {
        long millis = Math.max(1, Math.min(untilEpochSecond, Long.MAX_VALUE / 1000) * 1000 - System.currentTimeMillis());
        call(c -> c.set(keys.ban(Keys.scope(tenant, room), userId), Long.toString(untilEpochSecond), SetArgs.Builder.px(millis)));
    }

    @Override
    public OptionalLong bannedUntil(String tenant, String room, String userId) {
        String until = call(c -> c.get(keys.ban(Keys.scope(tenant, room), userId)));
        return until == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(until));
    }

    // --- revocations

    @Override
    public void store(ClusterEvent.Revoked revocation) {
        long millis = revocation.keepUntil() * 1000 - System.currentTimeMillis();
        if (millis > 0) {
            call(c -> c.set(keys.revocation(revocation), EventCodec.encode(node, revocation), SetArgs.Builder.px(millis)));
        }
    }

    @Override
    public List<ClusterEvent.Revoked> revocations() {
        var found = new ArrayList<ClusterEvent.Revoked>();
        var args = ScanArgs.Builder.matches(keys.revocations() + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var from = cursor;
            var page = call(c -> c.scan(from, args));
            if (!page.getKeys().isEmpty()) {
                for (KeyValue<String, String> value : call(c -> c.mget(page.getKeys().toArray(String[]::new)))) {
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
        call(c -> c.set(keys.shared(name), value, SetArgs.Builder.nx()));
        String stored = call(c -> c.get(keys.shared(name)));
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
                String before = call(c -> c.setGet(keys.heartbeat(node), "1", SetArgs.Builder.px(nodeTimeout.toMillis())));
                call(c -> c.sadd(keys.nodes(), node));
                if (before == null && heartbeatWritten) {
                    // our key had expired (or Redis lost it): others may have swept us; put our members back
                    dispatcher.execute(this::reconnected);
                }
                heartbeatWritten = true;
                for (String other : call(c -> c.smembers(keys.nodes()))) {
                    if (!other.equals(node) && call(c -> c.exists(keys.heartbeat(other))) == 0) {
                        sweep(other);
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

    /** Takes back what a node that stopped (or died) held in every room, and reports who left. */
    private void sweep(String gone) {
        for (String scope : call(c -> c.smembers(keys.nodeRooms(gone)))) {
            var changes = replaceAt(scope, gone, List.of());
            if (!changes.left().isEmpty()) {
                var room = Keys.parseScope(scope);
                departureListeners.forEach(listener -> listener.accept(room, changes.left()));
            }
        }
        for (String scope : call(c -> c.smembers(keys.nodeUsers(gone)))) {
            call(c -> c.hdel(keys.userConnections(scope), gone));
        }
        call(c -> c.del(keys.nodeRooms(gone), keys.nodeUsers(gone)));
        call(c -> c.srem(keys.nodes(), gone));
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

    private void reconnected() {
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

    // --- Redis calls

    private <T> T call(Function<RedisCommands<String, String>, T> command) {
        var c = commands;
        if (c == null) {
            throw new ClusterUnavailableException();
        }
        try {
            return command.apply(c.sync());
        } catch (RedisException e) {
            throw new ClusterUnavailableException();
        }
    }

    private List<Object> script(String script, String[] scriptKeys, String... args) {
        String sha = shas.computeIfAbsent(script, RedisBackplane::sha1);
        var c = commands;
        if (c == null) {
            throw new ClusterUnavailableException();
        }
        try {
            try {
                return c.sync().evalsha(sha, ScriptOutputType.MULTI, scriptKeys, args);
            } catch (RedisNoScriptException e) {
                return c.sync().eval(script, ScriptOutputType.MULTI, scriptKeys, args);
            }
        } catch (RedisException e) {
            throw new ClusterUnavailableException();
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
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
                sweep(node);
                call(c -> c.del(keys.heartbeat(node)));
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
