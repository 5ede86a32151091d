package io.roomgate.cluster;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Commands and Lua scripts on the backplane's command connection: every Redis failure, and a
 * connection not made yet, is a {@link ClusterUnavailableException}. Scripts run by their digest,
 * sent whole only when Redis does not know it (after a restart or SCRIPT FLUSH).
 */
final class RedisCalls {

    private final Map<String, String> shas = new ConcurrentHashMap<>();
    /** Read at each call: the connection is made (and may be made again) after this is built. */
    private final Supplier<StatefulRedisConnection<String, String>> connection;

    RedisCalls(Supplier<StatefulRedisConnection<String, String>> connection) {
        this.connection = connection;
    }

    <T> T call(Function<RedisCommands<String, String>, T> command) {
        var c = connection.get();
        if (c == null) {
            throw new ClusterUnavailableException();
        }
        try {
            return command.apply(c.sync());
        } catch (RedisException e) {
            throw new ClusterUnavailableException();
        }
    }

    /**
     * Commands sent one after the other without waiting for each answer, then all awaited: about one
     * round trip for the lot instead of one each.
     */
    void all(Function<RedisAsyncCommands<String, String>, List<RedisFuture<?>>> commands) {
        var c = connection.get();
        if (c == null) {
            throw new ClusterUnavailableException();
        }
        try {
            if (!LettuceFutures.awaitAll(c.getTimeout(), commands.apply(c.async()).toArray(new RedisFuture<?>[0]))) {
                throw new ClusterUnavailableException();
            }
        } catch (RedisException e) {
            throw new ClusterUnavailableException();
        }
    }

    List<Object> script(String script, String[] scriptKeys, String... args) {
        return run(script, ScriptOutputType.MULTI, scriptKeys, args);
    }

    /** A script that answers one integer: read as a number, without the list MULTI builds around it. */
    long integerScript(String script, String[] scriptKeys, String... args) {
        return this.<Long>run(script, ScriptOutputType.INTEGER, scriptKeys, args);
    }

    /**
     * Through the async API and awaited here, with the timeout the sync API would apply: the sync
     * API's dynamic proxy looks the same method up by reflection on every call, which one
     * handshake pays twice (claim and release).
     */
    private <T> T run(String script, ScriptOutputType type, String[] scriptKeys, String... args) {
        String sha = shas.computeIfAbsent(script, RedisCalls::sha1);
        var c = connection.get();
        if (c == null) {
            throw new ClusterUnavailableException();
        }
        try {
            try {
                return await(c, c.async().<T>evalsha(sha, type, scriptKeys, args));
            } catch (RedisNoScriptException e) {
                return await(c, c.async().<T>eval(script, type, scriptKeys, args));
            }
        } catch (RedisException e) {
            throw new ClusterUnavailableException();
        }
    }

    private static <T> T await(StatefulRedisConnection<String, String> c, RedisFuture<T> answer) {
        return LettuceFutures.awaitOrCancel(answer, c.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }
}
