package io.roomgate.rooms;

import static io.roomgate.rooms.Refusal.requireMember;
import static io.roomgate.rooms.Refusal.requirePermission;

import io.roomgate.auth.Identity;
import io.roomgate.cluster.Acknowledgements;
import io.roomgate.cluster.Backplane;
import io.roomgate.cluster.ClusterEvent;
import io.roomgate.cluster.ClusterState;
import io.roomgate.cluster.ClusterUnavailableException;
import io.roomgate.config.ClaimSettings;
import io.roomgate.config.Settings;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.protocol.FrameType;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.Problem;
import io.roomgate.protocol.ServerFrame;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Kicks and bans from inside a room (PROTOCOL §2.1): bans are kept on this node, so that its own kicks
 * hold without the backplane, and in the cluster's state for every other node.
 */
final class Moderation {

    private final Settings settings;
    private final FrameEncoder encoder;
    private final Backplane backplane;
    /** Null on a single node. */
    private final ClusterState cluster;
    private final UserConnections connections;
    private final BanList bans;

    Moderation(Settings settings, FrameEncoder encoder, Backplane backplane, UserConnections connections, Clock clock) {
        this.settings = settings;
        this.encoder = encoder;
        this.backplane = backplane;
        this.cluster = backplane.state().orElse(null);
        this.connections = connections;
        this.bans = new BanList(clock);
    }

    void kick(Peer moderator, String name, String userId, Optional<String> reason, Optional<Long> banSeconds)
            throws Refusal {
        ClaimSettings claims = settings.claims();
        var identity = moderator.identity();
        boolean isAdmin = identity.hasAnyRole(claims.adminRoles());
        requirePermission(identity.permissions().mayKick(name, isAdmin || identity.hasAnyRole(claims.moderatorRoles())));
        if (identity.userId().equals(userId)) {
            throw new Refusal(Problem.MALFORMED_FRAME, Map.of("field", "userId"));
        }
        var key = moderator.room(name);
        requireMember(moderator, key);
        if (Identity.SERVER_USER.equals(userId)) {
            // internal services are not moderated from inside a room
            throw new Refusal(Problem.INSUFFICIENT_PERMISSIONS);
        }
        var target = new UserKey(identity.tenant(), userId);
        try {
            ClusterState.Presence presence = cluster != null
                    ? cluster.presence(key.tenant(), name, userId)
                    : localPresence(target, name);
            if (!presence.present()) {
                throw new Refusal(Problem.USER_NOT_IN_ROOM);
            }
            if (!isAdmin && presence.admin()) {
                throw new Refusal(Problem.INSUFFICIENT_PERMISSIONS);
            }
            long ban = banSeconds.orElse(settings.rooms().defaultBan().toSeconds());
            if (ban > 0) {
                long until = bans.ban(key, userId, ban);
                if (cluster != null) {
                    cluster.ban(key.tenant(), name, userId, until);
                }
            }
            var kicked = new Payloads.UserKicked(name, userId, identity.userId(), reason.orElse(null));
            Acknowledgements.await(backplane.publish(new ClusterEvent.UserKick(target.tenant(), userId, name,
                    encoder.encode(ServerFrame.of(FrameType.USER_KICKED, kicked)))));
        } catch (ClusterUnavailableException e) {
            throw new Refusal(Problem.CLUSTER_UNAVAILABLE);
        }
    }

    private ClusterState.Presence localPresence(UserKey target, String name) {
        var targetPeers = connections.of(target);
        return new ClusterState.Presence(targetPeers.stream().anyMatch(peer -> peer.rooms().contains(name)),
                targetPeers.stream().anyMatch(this::isAdmin));
    }

    /** An admin is kicked by admins only: the cluster keeps whether each seat is one. */
    boolean isAdmin(Peer peer) {
        return peer.identity().hasAnyRole(settings.claims().adminRoles());
    }

    /** Local bans first (this node's own kicks hold even without the backplane), then the cluster's. */
    OptionalLong bannedUntil(RoomKey key, String userId) {
        var local = bans.bannedUntil(key, userId);
        if (local.isPresent() || cluster == null || !cluster.available()) {
            return local;
        }
        try {
            return cluster.bannedUntil(key.tenant(), key.name(), userId);
        } catch (ClusterUnavailableException e) {
            return local;
        }
    }
}
