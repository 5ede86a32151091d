package io.roomgate.cluster;

import io.lettuce.core.RedisFuture;
import io.roomgate.cluster.ClusterState.Change;
import io.roomgate.cluster.ClusterState.Changes;
import io.roomgate.cluster.ClusterState.Member;
import io.roomgate.cluster.ClusterState.Page;
import io.roomgate.cluster.ClusterState.Presence;
import io.roomgate.cluster.ClusterState.RoomRef;
import io.roomgate.cluster.ClusterState.Seat;
import io.roomgate.cluster.ClusterState.UserRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Presence in Redis (PROTOCOL §9): each node's share of every room's members and of every user's
 * connections, kept apart by node so that a node's share can be replaced on its return and taken
 * back when it is gone. {@code node}: this node, whose share every call but a sweep changes.
 */
record RedisPresence(String node, Keys keys, RedisCalls redis) {

    Change adjust(String tenant, String room, String userId, String username, boolean admin, int delta,
            int maxConnections) {
        String scope = Keys.scope(tenant, room);
        if (delta > 0) {
            // not waited for: queued on the same connection ahead of the script, which fails too if it does
            redis.call(c -> c.getStatefulConnection().async().sadd(keys.nodeRooms(node), scope));
        }
        List<Object> result = redis.script(Scripts.ADJUST, keys.presence(scope, node), userId, Integer.toString(delta),
                username, admin ? "1" : "0", Integer.toString(maxConnections));
        long outcome = (Long) result.get(0);
        return new Change(outcome < 0, outcome == 1, ((Long) result.get(1)).intValue(), (Long) result.get(2));
    }

    boolean claimConnection(String tenant, String userId, int maxConnections) {
        String scope = Keys.userScope(tenant, userId);
        return redis.integerScript(Scripts.CLAIM, userKeys(scope), node, Integer.toString(maxConnections), scope) == 1;
    }

    /**
     * Waited for: the user may be reconnecting to another node this very moment, and its claim there
     * must find this connection gone.
     */
    void releaseConnection(String tenant, String userId) {
        String scope = Keys.userScope(tenant, userId);
        redis.integerScript(Scripts.RELEASE, userKeys(scope), node, scope);
    }

    private String[] userKeys(String scope) {
        return new String[] {keys.userConnections(scope), keys.nodeUsers(node)};
    }

    /**
     * Two round trips however many users: the node's users, then every change at once. The caller
     * holds handshakes and closes back meanwhile ({@code ConnectionCounts}), so it must be short.
     */
    void replaceConnections(Map<UserRef, Integer> connections) {
        var wanted = new HashMap<String, Integer>();
        connections.forEach((user, count) -> wanted.put(Keys.userScope(user.tenant(), user.userId()), count));
        var stale = new HashSet<>(redis.call(c -> c.smembers(keys.nodeUsers(node))));
        stale.removeAll(wanted.keySet());
        redis.all(c -> {
            var sent = new ArrayList<RedisFuture<?>>();
            for (String scope : stale) {
                sent.add(c.hdel(keys.userConnections(scope), node));
            }
            if (!stale.isEmpty()) {
                sent.add(c.srem(keys.nodeUsers(node), stale.toArray(String[]::new)));
            }
            if (!wanted.isEmpty()) {
                // listed first, as a claim does, so that a sweep of this node finds every count it wrote
                sent.add(c.sadd(keys.nodeUsers(node), wanted.keySet().toArray(String[]::new)));
            }
            wanted.forEach((scope, count) -> sent.add(c.hset(keys.userConnections(scope), node, Integer.toString(count))));
            return sent;
        });
    }

    Changes replace(String tenant, String room, List<Seat> seats) {
        String scope = Keys.scope(tenant, room);
        if (!seats.isEmpty()) {
            redis.call(c -> c.sadd(keys.nodeRooms(node), scope));
        }
        return replaceAt(scope, node, seats);
    }

    List<RoomRef> rooms() {
        return redis.call(c -> c.smembers(keys.nodeRooms(node))).stream().map(Keys::parseScope).toList();
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
        List<Object> result = redis.script(Scripts.REPLACE, keys.presence(scope, whose), args.toArray(String[]::new));
        return new Changes(List.copyOf((List<String>) result.get(0)), List.copyOf((List<String>) result.get(1)));
    }

    @SuppressWarnings("unchecked")
    Page page(String tenant, String room, Optional<String> after, int limit) {
        String scope = Keys.scope(tenant, room);
        List<Object> result = redis.script(Scripts.PAGE, new String[] {keys.room(scope, "users"), keys.room(scope, "names")},
                after.map(userId -> "(" + userId).orElse("-"), Integer.toString(limit));
        var ids = (List<String>) result.get(1);
        var names = (List<String>) result.get(2);
        var members = new ArrayList<Member>(Math.min(ids.size(), limit));
        for (int i = 0; i < ids.size() && i < limit; i++) {
            members.add(new Member(ids.get(i), names.get(i) == null ? ids.get(i) : names.get(i)));
        }
        return new Page(List.copyOf(members), ((Long) result.get(0)).intValue(), ids.size() > limit);
    }

    int userCount(String tenant, String room) {
        return redis.call(c -> c.zcard(keys.room(Keys.scope(tenant, room), "users"))).intValue();
    }

    Presence presence(String tenant, String room, String userId) {
        String scope = Keys.scope(tenant, room);
        boolean present = redis.call(c -> c.hexists(keys.room(scope, "conns"), userId));
        return new Presence(present, present && redis.call(c -> c.sismember(keys.room(scope, "admins"), userId)));
    }

    /** Takes back what a node that stopped (or died) held in every room, and reports who left. */
    void sweep(String gone, BiConsumer<RoomRef, List<String>> departed) {
        for (String scope : redis.call(c -> c.smembers(keys.nodeRooms(gone)))) {
            var changes = replaceAt(scope, gone, List.of());
            if (!changes.left().isEmpty()) {
                departed.accept(Keys.parseScope(scope), changes.left());
            }
        }
        for (String scope : redis.call(c -> c.smembers(keys.nodeUsers(gone)))) {
            redis.call(c -> c.hdel(keys.userConnections(scope), gone));
        }
        redis.call(c -> c.del(keys.nodeRooms(gone), keys.nodeUsers(gone)));
        redis.call(c -> c.srem(keys.nodes(), gone));
    }
}
