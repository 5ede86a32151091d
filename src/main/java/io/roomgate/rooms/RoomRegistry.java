package io.roomgate.rooms;

import io.roomgate.auth.Identity;
import io.roomgate.auth.Revocation;
import io.roomgate.cluster.Backplane;
import io.roomgate.cluster.ClusterEvent;
import io.roomgate.config.ClaimSettings;
import io.roomgate.config.Settings;
import io.roomgate.protocol.CloseCodes;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.Payloads.Member;
import io.roomgate.protocol.Problem;
import io.roomgate.protocol.ServerFrame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Rooms, presence, the connections of each user, tenant scoping, moderation and broadcast.
 * Every membership change of a room happens inside that room's atomic section of the rooms map,
 * so a room is created, joined, left and removed without lost updates or orphaned entries;
 * broadcasts read the concurrent member map without entering it. Presence changes are queued to
 * the members inside that section, so everyone sees a room's joins and leaves in the order they
 * happened; the sends themselves start once the section is left ({@link Outbox#deferringSends}).
 * A connection that closes, or is dropped by an offer inside a section, only frees its user slot
 * there ({@link #releaseSlot}, the other map); its rooms are swept asynchronously, since sweeping
 * them would re-enter the rooms map.
 */
@ApplicationScoped
public class RoomRegistry {

    private static final Logger LOG = Logger.getLogger(RoomRegistry.class.getName());
    /** Who the HTTP API's messages come from (PROTOCOL §7). */
    private static final Member SERVER = new Member(Identity.SERVER_USER, Identity.SERVER_USER);

    private final Map<RoomKey, Room> rooms = new ConcurrentHashMap<>();
    /** Each user's connections as an immutable set ({@link ImmutableSets}), replaced inside the map's atomic section. */
    private final Map<UserKey, Set<Peer>> peersByUser = new ConcurrentHashMap<>();
    private Settings settings;
    private FrameEncoder encoder;
    private Backplane backplane;
    private BanList bans;
    private Clock clock;

    protected RoomRegistry() {
        // for the CDI proxy
    }

    @Inject
    public RoomRegistry(Settings settings, FrameEncoder encoder, Backplane backplane) {
        this(settings, encoder, backplane, Clock.systemUTC());
    }

    public RoomRegistry(Settings settings, FrameEncoder encoder, Backplane backplane, Clock clock) {
        this.settings = settings;
        this.encoder = encoder;
        this.backplane = backplane;
        this.clock = clock;
        this.bans = new BanList(clock);
        backplane.subscribe(this::apply);
    }

    /** Registers an authenticated connection; refused past the per-user connection limit. */
    public void register(Peer peer) throws Refusal {
        int limit = settings.limits().connectionsPerUser();
        var refused = new boolean[1];
        peersByUser.compute(peer.user(), (user, peers) -> {
            if (peers != null && peers.size() >= limit) {
                refused[0] = true;
                return peers;
            }
            return ImmutableSets.with(peers == null ? Set.of() : peers, peer);
        });
        if (refused[0]) {
            throw new Refusal(Problem.TOO_MANY_REQUESTS, Map.of("limit", "connections-per-user", "max", limit));
        }
    }

    /** Removes a connection from every room and from its user; safe to call more than once. */
    public void unregister(Peer peer) {
        peer.markUnregistered();
        for (String room : peer.rooms()) {
            removeFromRoom(peer, room);
        }
        releaseSlot(peer);
    }

    /**
     * Stops counting a closed connection against its user's limit, ahead of {@link #unregister}'s
     * room sweep, and makes a join racing the close undo itself. Touches only the users map and never
     * sends, so it is safe inside a room's section (an offer there can drop a slow connection) and
     * from socket callbacks; safe to call more than once.
     */
    public void releaseSlot(Peer peer) {
        peer.markUnregistered();
        peersByUser.computeIfPresent(peer.user(), (user, peers) -> {
            var rest = ImmutableSets.without(peers, peer);
            return rest.isEmpty() ? null : rest;
        });
    }

    /** Joins and answers the members, for {@code room:joined}. */
    public List<Member> join(Peer peer, String name) throws Refusal {
        enter(peer, name);
        Room room = rooms.get(peer.room(name));
        return room == null ? List.of() : room.members();
    }

    /** Joins without a member snapshot: the default room on connect, where nobody reads one. */
    public void enter(Peer peer, String name) throws Refusal {
        var key = peer.room(name);
        var until = bans.bannedUntil(key, peer.identity().userId());
        if (until.isPresent()) {
            throw new Refusal(Problem.BANNED, Map.of("until", until.getAsLong()));
        }
        // Checked outside the room's section: a connection's joins run one at a time (its open, then its
        // frames in order), and what runs alongside them (kicks, closes) only ever removes rooms.
        if (!peer.rooms().contains(name) && peer.rooms().size() >= settings.limits().roomsPerConnection()) {
            throw new Refusal(Problem.TOO_MANY_REQUESTS,
                    Map.of("limit", "rooms-per-connection", "max", settings.limits().roomsPerConnection()));
        }
        var full = new boolean[1];
        Outbox.deferringSends(() -> rooms.compute(key, (k, existing) -> {
            Room room = existing == null ? new Room() : existing;
            if (!room.contains(peer) && room.size() >= settings.limits().membersPerRoom()) {
                full[0] = true;
                return existing;
            }
            if (room.add(peer)) {
                publishPresence(key, peer, new Payloads.PresenceJoined(name, peer.member()));
            }
            peer.joined(name);
            return room;
        }));
        if (peer.isUnregistered()) {
            // Closed while joining: the close's own sweep may have missed this room.
            removeFromRoom(peer, name);
        }
        if (full[0]) {
            throw new Refusal(Problem.TOO_MANY_REQUESTS,
                    Map.of("limit", "members-per-room", "max", settings.limits().membersPerRoom()));
        }
    }

    public void leave(Peer peer, String name) throws Refusal {
        if (!removeFromRoom(peer, name)) {
            throw new Refusal(Problem.NOT_A_MEMBER_TO_LEAVE);
        }
    }

    /**
     * Delivers a message to every other member; the sender's own copy, when it asked for an echo,
     * is its direct reply and is sent by the caller with the frame's id.
     */
    public Payloads.Message send(Peer peer, String name, String event, JsonValue data) throws Refusal {
        var key = peer.room(name);
        requireMember(peer, key);
        var message = new Payloads.Message(name, event, data, peer.member(), clock.millis());
        backplane.publish(new ClusterEvent.RoomBroadcast(key, encoder.encode(ServerFrame.of("room:message", message)), peer.clientId()));
        return message;
    }

    public List<Member> presence(Peer peer, String name) throws Refusal {
        var key = peer.room(name);
        requireMember(peer, key);
        Room room = rooms.get(key);
        return room == null ? List.of() : room.members();
    }

    public void kick(Peer moderator, String name, String userId, Optional<String> reason, Optional<Long> banSeconds)
            throws Refusal {
        ClaimSettings claims = settings.claims();
        var identity = moderator.identity();
        boolean isAdmin = identity.hasAnyRole(claims.adminRoles());
        if (!isAdmin && !identity.hasAnyRole(claims.moderatorRoles())) {
            throw new Refusal(Problem.INSUFFICIENT_PERMISSIONS);
        }
        if (identity.userId().equals(userId)) {
            throw new Refusal(Problem.MALFORMED_FRAME, Map.of("field", "userId"));
        }
        var key = moderator.room(name);
        requireMember(moderator, key);
        var target = new UserKey(identity.tenant(), userId);
        var targetPeers = Optional.ofNullable(peersByUser.get(target)).orElse(Set.of());
        if (targetPeers.stream().noneMatch(peer -> peer.rooms().contains(name))) {
            throw new Refusal(Problem.USER_NOT_IN_ROOM);
        }
        if (!isAdmin && targetPeers.stream().anyMatch(peer -> peer.identity().hasAnyRole(claims.adminRoles()))) {
            throw new Refusal(Problem.INSUFFICIENT_PERMISSIONS);
        }
        long ban = banSeconds.orElse(settings.rooms().defaultBan().toSeconds());
        if (ban > 0) {
            bans.ban(key, userId, ban);
        }
        var kicked = new Payloads.UserKicked(name, userId, identity.userId(), reason.orElse(null));
        backplane.publish(new ClusterEvent.UserKick(target, key, encoder.encode(ServerFrame.of("user:kicked", kicked))));
    }

    /** A message of the HTTP API to every member connection of {@code key}, on every node, from user {@code server}. */
    public void publish(RoomKey key, String event, JsonValue data) {
        var message = new Payloads.Message(key.name(), event, data, SERVER, clock.millis());
        backplane.publish(new ClusterEvent.RoomBroadcast(key, encoder.encode(ServerFrame.of("room:message", message)), null));
    }

    /** A room's users in ascending userId order, from after {@code after} (null: the first), and how many it has. */
    public record Listing(List<Member> members, int count) {
    }

    /** The HTTP API's presence: no membership needed. */
    public Listing listMembers(RoomKey key, String after) {
        Room room = rooms.get(key);
        var members = room == null ? List.<Member>of() : room.members();
        return new Listing(after == null ? members : members.stream().filter(member -> member.userId().compareTo(after) > 0).toList(),
                members.size());
    }

    /**
     * Every connection of {@code user}, on every node, gets {@code user:kicked} with no room and is
     * closed 1008 {@code Kicked by moderator}: the HTTP API's disconnect.
     */
    public void disconnect(UserKey user, String by, Optional<String> reason) {
        var kicked = new Payloads.UserKicked(null, user.userId(), by, reason.orElse(null));
        backplane.publish(new ClusterEvent.UserKick(user, null, encoder.encode(ServerFrame.of("user:kicked", kicked))));
    }

    /** This node's registered connections, right now. */
    public List<Peer> peers() {
        return peersByUser.values().stream().flatMap(Set::stream).toList();
    }

    /** Connections registered on this node: what an operator (and the soak test) watches for leaks. */
    public int connectionCount() {
        return peersByUser.values().stream().mapToInt(Set::size).sum();
    }

    /** Rooms with at least one member on this node. */
    public int roomCount() {
        return rooms.size();
    }

    private void apply(ClusterEvent event) {
        if (event instanceof ClusterEvent.RoomBroadcast broadcast) {
            deliver(broadcast.room(), broadcast.frame(), broadcast.exceptClientId());
        } else if (event instanceof ClusterEvent.UserKick kick) {
            var targets = Optional.ofNullable(peersByUser.get(kick.user())).orElse(Set.of());
            if (kick.room() != null) {
                deliver(kick.room(), kick.frame(), null);
            }
            for (Peer peer : targets) {
                if (kick.room() == null || !peer.rooms().contains(kick.room().name())) {
                    peer.send(kick.frame());
                }
                peer.outbox().closeAfterFlush(CloseCodes.POLICY_VIOLATION, CloseCodes.KICKED);
                unregister(peer);
            }
        } else if (event instanceof ClusterEvent.Revoked revoked) {
            cut(revoked.revocation());
        }
    }

    /** Ends the connections a revocation covers: its error is the last frame they get. */
    private void cut(Revocation revocation) {
        String frame = encoder.encode(ServerFrame.of("hub:error", Payloads.Error.of(Problem.TOKEN_REVOKED, Map.of())));
        int cut = 0;
        for (Set<Peer> peers : peersByUser.values()) {
            for (Peer peer : peers) {
                if (revocation.covers(peer.identity())) {
                    peer.outbox().finish(frame, CloseCodes.POLICY_VIOLATION, CloseCodes.TOKEN_REVOKED);
                    unregister(peer);
                    cut++;
                }
            }
        }
        if (cut > 0) {
            int count = cut;
            LOG.info(() -> "Closed " + count + " connection(s) of revoked tokens");
        }
    }

    private void deliver(RoomKey key, String frame, String exceptClientId) {
        Room room = rooms.get(key);
        if (room == null) {
            return;
        }
        for (Peer member : room.connections()) {
            if (!member.clientId().equals(exceptClientId)) {
                member.send(frame);
            }
        }
    }

    private boolean removeFromRoom(Peer peer, String name) {
        var key = peer.room(name);
        var removed = new boolean[1];
        Outbox.deferringSends(() -> rooms.computeIfPresent(key, (k, room) -> {
            removed[0] = room.contains(peer);
            if (room.remove(peer)) {
                publishPresence(key, peer, new Payloads.PresenceLeft(name, new Payloads.LeftUser(peer.identity().userId())));
            }
            return room.isEmpty() ? null : room;
        }));
        peer.left(name);
        return removed[0];
    }

    private void publishPresence(RoomKey key, Peer subject, Object change) {
        backplane.publish(new ClusterEvent.RoomBroadcast(
                key, encoder.encode(ServerFrame.of("room:presence", change)), subject.clientId()));
    }

    private void requireMember(Peer peer, RoomKey key) throws Refusal {
        if (!peer.rooms().contains(key.name())) {
            throw new Refusal(Problem.NOT_A_MEMBER);
        }
    }
}
