package io.roomgate.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Every Redis key and channel of one cluster. A room's keys share the hash tag {@code {scope}}, so
 * they live in one slot; the scope holds the tenant base64url-encoded ({@code t<base64>}, {@code !}
 * for the tenant-less scope: a tenant is an arbitrary claim and may contain braces or colons) and
 * the room name, whose alphabet has neither braces nor anything base64url could be confused with.
 */
final class Keys {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    private final String prefix;

    Keys(String prefix) {
        this.prefix = prefix;
    }

    /** {@code t<base64url>} or {@code !}: the tenant inside keys. */
    static String tenant(String tenant) {
        return tenant == null ? "!" : "t" + B64.encodeToString(tenant.getBytes(StandardCharsets.UTF_8));
    }

    static String scope(String tenant, String room) {
        return tenant(tenant) + ":" + room;
    }

    /** The {@link ClusterState.RoomRef} a scope names. */
    static ClusterState.RoomRef parseScope(String scope) {
        int colon = scope.indexOf(':');
        String tenant = scope.substring(0, colon);
        return new ClusterState.RoomRef(
                tenant.equals("!") ? null : new String(B64_DECODE.decode(tenant.substring(1)), StandardCharsets.UTF_8),
                scope.substring(colon + 1));
    }

    /** A key of the room: {@code <prefix>:{<scope>}:<part>}. */
    String room(String scope, String part) {
        return prefix + ":{" + scope + "}:" + part;
    }

    /** The room's keys the presence scripts take, in their order; {@code node}: whose contribution. */
    String[] presence(String scope, String node) {
        return new String[] {room(scope, "conns"), room(scope, "users"), room(scope, "names"), room(scope, "admins"),
                room(scope, "node:" + node), room(scope, "total")};
    }

    /** A user's connections per node: {@code <prefix>:{u:<tenant>:<base64url userId>}:conns}. */
    String userConnections(String userScope) {
        return prefix + ":{u:" + userScope + "}:conns";
    }

    /** The user part of {@link #userConnections}: the userId is encoded too, as it is an arbitrary claim. */
    static String userScope(String tenant, String userId) {
        return tenant(tenant) + ":" + B64.encodeToString(userId.getBytes(StandardCharsets.UTF_8));
    }

    /** The users a node counted connections of: what a sweep of that node visits. */
    String nodeUsers(String node) {
        return prefix + ":node:" + node + ":users";
    }

    String roomChannel(String scope) {
        return room(scope, "ch");
    }

    /** The room's history (PROTOCOL §8): its stream and, beside it, its epoch, latest offset and kept bytes. */
    String[] history(String scope) {
        return new String[] {room(scope, "history"), room(scope, "history:meta")};
    }

    String ban(String scope, String userId) {
        return room(scope, "ban:" + userId);
    }

    /** A value all nodes share ({@link ClusterState#shareOnce}). */
    String shared(String name) {
        return prefix + ":shared:" + name;
    }

    String control() {
        return prefix + ":control";
    }

    String nodes() {
        return prefix + ":nodes";
    }

    String heartbeat(String node) {
        return prefix + ":node:" + node;
    }

    /** The scopes of the rooms a node has (had) members in: what a sweep of that node visits. */
    String nodeRooms(String node) {
        return prefix + ":node:" + node + ":rooms";
    }

    String revocation(ClusterEvent.Revoked revoked) {
        String id = revoked.jti() != null
                ? "j:" + revoked.jti()
                : "s:" + revoked.before() + ":" + revoked.subject();
        return revocations() + tenant(revoked.tenant()) + ":" + id;
    }

    /** Prefix of every revocation key (a SCAN pattern with {@code *}). */
    String revocations() {
        return prefix + ":rev:";
    }
}
