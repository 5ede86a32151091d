package io.roomgate.rooms;

import static io.roomgate.rooms.Refusal.requireMember;
import static io.roomgate.rooms.Refusal.requirePermission;

import io.roomgate.auth.Identity;
import io.roomgate.auth.Revocation;
import io.roomgate.cluster.Acknowledgements;
import io.roomgate.cluster.Backplane;
import io.roomgate.cluster.ClusterEvent;
import io.roomgate.cluster.ClusterState;
import io.roomgate.cluster.ClusterUnavailableException;
import io.roomgate.config.Settings;
import io.roomgate.protocol.Close;
import io.roomgate.history.HistoryStore;
import io.roomgate.history.Kept;
import io.roomgate.history.Position;
import io.roomgate.history.ReplayGate;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.protocol.FrameType;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.Problem;
import io.roomgate.protocol.ServerFrame;
import io.roomgate.protocol.Utf8;
import io.roomgate.transport.DeferredSends;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Rooms, presence, the connections of each user, tenant scoping, moderation and broadcast: the one
 * entry point for them, which keeps the rooms map; what members are told of presence is
 * {@link RoomPresence}'s, kicks and bans {@link Moderation}'s, each user's connections {@link UserConnections}',
 * and their count on every node {@link ConnectionCounts}'.
 * Every membership change of a room happens inside that room's atomic section of the rooms map,
 * so a room is created, joined, left and removed without lost updates or orphaned entries;
 * broadcasts read the concurrent member map without entering it. Presence changes are queued to
 * the members inside that section, so everyone sees a room's joins and leaves in the order they
 * happened; the sends themselves start once the section is left ({@link DeferredSends}).
 * A connection that closes, or is dropped by an offer inside a section, only frees its user slot
 * there ({@link #releaseSlot}, in {@link UserConnections}); its rooms are swept asynchronously, since sweeping
 * them would re-enter the rooms map.
 * <p>
 * In a cluster (PROTOCOL §9) the node's own rooms stay as they are, and presence is also counted in
 * the backplane: after a section the node tells it of the change, outside the section (no network
 * I/O holds a room), and announces a user's first or last connection in the whole cluster to every
 * node. While the backplane is unreachable the node falls back to its own rooms, presence and limits,
 * and re-registers them when it returns.
 */
@ApplicationScoped
public class RoomRegistry {

    private static final Logger LOG = Logger.getLogger(RoomRegistry.class.getName());
    /** Who the HTTP API's messages come from (PROTOCOL §7). */
    private static final Payloads.Member SERVER = new Payloads.Member(Identity.SERVER_USER, Identity.SERVER_USER);

    private final Map<RoomKey, Room> rooms = new ConcurrentHashMap<>();
    private final UserConnections connections = new UserConnections();
    private ConnectionCounts counts;
    private Settings settings;
    private FrameEncoder encoder;
    private Backplane backplane;
    private Moderation moderation;
    private Clock clock;
    private RoomPresence presence;
    /** Null on a single node: no cluster code path runs there. */
    private ClusterState cluster;
    /** Null with history off (PROTOCOL §8): no history code path runs then. */
    private Histories histories;

    protected RoomRegistry() {
        // for the CDI proxy
    }

    @Inject
    public RoomRegistry(Settings settings, FrameEncoder encoder, Backplane backplane, Delays delays) {
        this(settings, encoder, backplane, Clock.systemUTC(), delays);
    }

    public RoomRegistry(Settings settings, FrameEncoder encoder, Backplane backplane, Clock clock, Delays delays) {
        this.settings = settings;
        this.encoder = encoder;
        this.backplane = backplane;
        this.clock = clock;
        this.cluster = backplane.state().orElse(null);
        this.counts = new ConnectionCounts(connections, cluster);
        this.presence = new RoomPresence(settings, encoder, backplane, rooms, delays);
        this.moderation = new Moderation(settings, encoder, backplane, connections, clock);
        this.histories = settings.rooms().history().enabled() ? new Histories(settings.rooms().history(), cluster, delays) : null;
        backplane.subscribe(this::apply);
        if (cluster != null) {
            cluster.onReconnect(this::reregister);
            cluster.onDeparted((room, users) -> users.forEach(user ->
                    presence.announce(new RoomKey(room.tenant(), room.room()), -1, null, new Payloads.PresenceLeft(room.room(), new Payloads.LeftUser(user)))));
        }
    }

    /** Registers an authenticated connection; refused past the per-user connection limit. */
    public void register(Peer peer) throws Refusal {
        int limit = settings.limits().connectionsPerUser();
        // internal services (the bypass) open as many connections as they need: their user is reserved for them
        if (!counts.admit(peer, !peer.identity().isServerBypass(), limit)) {
            throw new Refusal(Problem.TOO_MANY_REQUESTS, Map.of("limit", "connections-per-user", "max", limit));
        }
    }

    /**
     * Removes a connection from its user's count, on this node and on every node, then from every
     * room; safe to call more than once. The count goes first: the user may be reconnecting this very
     * moment, here or elsewhere, and leaving the rooms takes a backplane round trip each.
     */
    public void unregister(Peer peer) {
        release(peer);
        for (String room : peer.rooms()) {
            removeFromRoom(peer, room);
        }
    }

    /**
     * Stops counting a closed connection against its user's limit on every node: {@link #releaseSlot}
     * and the backplane's count, once. Waits for the backplane, so never inside a room's section; the
     * socket's close callback runs it (on Tyrus before the client's close is answered), so that a
     * client told of the close finds its slot free wherever it reconnects.
     */
    public void release(Peer peer) {
        releaseSlot(peer);
        counts.release(peer);
    }

    /**
     * Stops counting a closed connection against its user's limit on this node, ahead of
     * {@link #release}'s backplane call and {@link #unregister}'s room sweep, and makes a join racing
     * the close undo itself. Touches only the users map and never sends, so it is safe inside a
     * room's section (an offer there can drop a slow connection) and from socket callbacks; safe to
     * call more than once.
     */
    public void releaseSlot(Peer peer) {
        peer.markUnregistered();
        connections.remove(peer);
    }

    /**
     * Joins, and with history on (PROTOCOL §8) reads the room's position and what the connection
     * missed since {@code since}; its live messages of the room wait until {@link Joining#resume},
     * which the caller runs once {@code room:joined} is queued.
     */
    public Joining join(Peer peer, String name, Optional<Position> since) throws Refusal {
        var key = peer.room(name);
        var gate = enter(peer, name, since, histories != null);
        try {
            var page = presence.page(peer, key, Optional.empty());
            return histories == null
                    ? new Joining(peer, page, null, since.isPresent() ? false : null, List.of(), null)
                    : histories.joining(peer, key, page, since, gate);
        } catch (RuntimeException e) {
            if (gate != null) {
                // a member whose join failed past its seat must not have its messages held for ever
                gate.open(null, List.of(), peer::send);
            }
            throw e;
        }
    }

    /** Joins without a member snapshot: the default room on connect, where nobody reads one. */
    public void enter(Peer peer, String name) throws Refusal {
        enter(peer, name, Optional.empty(), false);
    }

    /** @return the gate of the connection's seat, when {@code gated} */
    private ReplayGate enter(Peer peer, String name, Optional<Position> since, boolean gated) throws Refusal {
        requirePermission(peer.identity().permissions().mayJoin(name));
        var key = peer.room(name);
        var until = moderation.bannedUntil(key, peer.identity().userId());
        if (until.isPresent()) {
            throw new Refusal(Problem.BANNED, Map.of("until", until.getAsLong()));
        }
        // Checked outside the room's section: a connection's joins run one at a time (its open, then its
        // frames in order), and what runs alongside them (kicks, closes) only ever removes rooms.
        if (!peer.rooms().contains(name) && peer.rooms().size() >= settings.limits().roomsPerConnection()) {
            throw new Refusal(Problem.TOO_MANY_REQUESTS,
                    Map.of("limit", "rooms-per-connection", "max", settings.limits().roomsPerConnection()));
        }
        if (since.isPresent() && histories != null && histories.beyondLatest(key, since.get())) {
            throw new Refusal(Problem.MALFORMED_FRAME, Map.of());
        }
        var full = new boolean[1];
        var gate = new ReplayGate[1];
        boolean shared = shared();
        var seated = new boolean[1];
        var followed = new CompletionStage<?>[1];
        DeferredSends.around(() -> rooms.compute(key, (k, existing) -> {
            Room room = existing == null ? new Room() : existing;
            if (!room.contains(peer) && room.size() >= settings.limits().membersPerRoom()) {
                full[0] = true;
                return existing;
            }
            if (existing == null && cluster != null) {
                followed[0] = cluster.follow(key.tenant(), key.name());
            }
            seated[0] = !room.contains(peer);
            gate[0] = gated ? new ReplayGate() : null;
            if (room.add(peer, gate[0]) && !shared) {
                presence.publishPresence(key, room, peer, new Payloads.PresenceJoined(name, peer.member()));
            }
            peer.joined(name);
            return room;
        }));
        if (shared && seated[0] && !joinCluster(peer, key, followed[0])) {
            full[0] = true;
        }
        if (peer.isUnregistered()) {
            // Closed while joining: the close's own sweep may have missed this room.
            removeFromRoom(peer, name);
        }
        if (full[0]) {
            throw new Refusal(Problem.TOO_MANY_REQUESTS,
                    Map.of("limit", "members-per-room", "max", settings.limits().membersPerRoom()));
        }
        return gate[0];
    }

    /**
     * Counts a new seat in the backplane and announces the user's first connection in the cluster.
     *
     * @return false when the room is full cluster-wide: the seat is taken back without a word
     */
    private boolean joinCluster(Peer peer, RoomKey key, CompletionStage<?> followed) {
        try {
            if (followed != null) {
                // members elsewhere may send at once: this node must be listening before the reply
                Acknowledgements.await(followed);
            }
            var change = cluster.adjust(key.tenant(), key.name(), peer.identity().userId(), peer.identity().username(),
                    moderation.isAdmin(peer), 1, settings.limits().membersPerRoom());
            if (change.full()) {
                retract(peer, key);
                return false;
            }
            if (change.presenceChanged()) {
                presence.announce(key, change.users(), peer.clientId(), new Payloads.PresenceJoined(key.name(), peer.member()));
            }
        } catch (ClusterUnavailableException e) {
            // lost mid-join: the node's own members hear of it; the backplane learns on its return (reregister)
            deliver(key, encoder.encode(ServerFrame.of(FrameType.ROOM_PRESENCE, new Payloads.PresenceJoined(key.name(), peer.member()))),
                    peer.clientId());
        }
        return true;
    }

    /** Takes back a seat the cluster refused; nobody was told of it. */
    private void retract(Peer peer, RoomKey key) {
        rooms.computeIfPresent(key, (k, room) -> {
            room.remove(peer);
            if (room.isEmpty()) {
                cluster.unfollow(key.tenant(), key.name());
                return null;
            }
            return room;
        });
        peer.left(key.name());
    }

    /**
     * After a token refresh (PROTOCOL §10): leaves every room the new permissions no longer let the
     * connection join, with presence as for any leave, and answers the rooms it left.
     */
    public List<String> leaveUnjoinable(Peer peer) {
        var left = new ArrayList<String>();
        for (String room : peer.rooms()) {
            if (!peer.identity().permissions().mayJoin(room) && removeFromRoom(peer, room)) {
                left.add(room);
            }
        }
        return left;
    }

    public void leave(Peer peer, String name) throws Refusal {
        if (!removeFromRoom(peer, name)) {
            throw new Refusal(Problem.LEAVING_A_ROOM_NOT_JOINED);
        }
    }

    /**
     * Delivers a message to every other member, and to the sender as the reply to its frame when it
     * asked for an {@code echo} (null: not).
     */
    public void send(Peer peer, String name, String event, JsonValue data, Echo echo) throws Refusal {
        requirePermission(peer.identity().permissions().maySend(name));
        var key = peer.room(name);
        requireMember(peer, key);
        var message = new Payloads.Message(name, event, data, peer.member(), clock.millis());
        if (histories != null) {
            try {
                keep(key, message, peer.clientId(), echo);
                return;
            } catch (ClusterUnavailableException e) {
                // not kept: delivered as without history, to this node's members, with no offset (PROTOCOL §9)
            }
        }
        // not waited for: local members have it already, and a lost backplane must not stop local delivery
        backplane.publish(new ClusterEvent.RoomBroadcast(key.tenant(), key.name(),
                encoder.encode(ServerFrame.of(FrameType.ROOM_MESSAGE, message)), peer.clientId()));
        if (echo != null) {
            peer.send(encoder.encode(ServerFrame.reply(FrameType.ROOM_MESSAGE, echo.id(), message)));
        }
    }

    /**
     * Keeps the message in the room's history and delivers it with its offset (PROTOCOL §8).
     *
     * @throws ClusterUnavailableException the cluster's history is unreachable: nothing was kept or delivered
     */
    private void keep(RoomKey key, Payloads.Message message, String senderClientId, Echo echo) {
        DeferredSends.around(() -> histories.keep(key, encoder.encodeBody(message), senderClientId, echo,
                kept -> deliver(key, kept, senderClientId, echo)));
    }

    /** A page of the members: the first, or those sorting after {@code after} (PROTOCOL §2.0). */
    public MemberPage presence(Peer peer, String name, Optional<String> after) throws Refusal {
        var key = peer.room(name);
        requireMember(peer, key);
        return presence.page(peer, key, after);
    }

    public void kick(Peer moderator, String name, String userId, Optional<String> reason, Optional<Long> banSeconds)
            throws Refusal {
        moderation.kick(moderator, name, userId, reason, banSeconds);
    }

    /**
     * A message of the HTTP API to every member connection of {@code key}, on every node, from user {@code server}.
     *
     * @throws ClusterUnavailableException when other nodes' members cannot be reached (PROTOCOL §9: 503)
     */
    public void publish(RoomKey key, String event, JsonValue data) {
        var message = new Payloads.Message(key.name(), event, data, SERVER, clock.millis());
        if (histories != null) {
            keep(key, message, null, null);
            return;
        }
        Acknowledgements.await(backplane.publish(new ClusterEvent.RoomBroadcast(key.tenant(), key.name(),
                encoder.encode(ServerFrame.of(FrameType.ROOM_MESSAGE, message)), null)));
    }

    /**
     * The HTTP API's presence (PROTOCOL §7, §2.0): a page of the room's users, no membership needed.
     *
     * @throws ClusterUnavailableException in a cluster whose backplane is unreachable: this node alone cannot tell
     */
    public MemberPage snapshot(RoomKey key, Optional<String> after) {
        return presence.snapshot(key, after);
    }

    /** The rooms' history for the HTTP API (PROTOCOL §8); empty with history off. */
    public Optional<HistoryStore> history() {
        return Optional.ofNullable(histories);
    }

    /**
     * Every connection of {@code user}, on every node, gets {@code user:kicked} with no room and is
     * closed 1008 {@code Kicked by moderator}: the HTTP API's disconnect.
     */
    public void disconnect(UserKey user, String by, Optional<String> reason) {
        var kicked = new Payloads.UserKicked(null, user.userId(), by, reason.orElse(null));
        Acknowledgements.await(backplane.publish(new ClusterEvent.UserKick(user.tenant(), user.userId(), null,
                encoder.encode(ServerFrame.of(FrameType.USER_KICKED, kicked)))));
    }

    /** This node's registered connections, right now. */
    public List<Peer> peers() {
        return connections.all();
    }

    /** Connections registered on this node: what an operator (and the soak test) watches for leaks. */
    public int connectionCount() {
        return connections.count();
    }

    /** Rooms with at least one member on this node. */
    public int roomCount() {
        return rooms.size();
    }

    /** Connections in rooms on this node, one per room each is in. */
    public int memberCount() {
        return rooms.values().stream().mapToInt(Room::size).sum();
    }

    private void apply(ClusterEvent event) {
        if (event instanceof ClusterEvent.RoomBroadcast broadcast) {
            deliver(new RoomKey(broadcast.tenant(), broadcast.room()), broadcast.frame(), broadcast.exceptClientId());
        } else if (event instanceof ClusterEvent.UserKick kick) {
            var targets = connections.of(new UserKey(kick.tenant(), kick.userId()));
            if (kick.room() != null) {
                deliver(new RoomKey(kick.tenant(), kick.room()), kick.frame(), null);
            }
            for (Peer peer : targets) {
                if (kick.room() == null || !peer.rooms().contains(kick.room())) {
                    peer.send(kick.frame());
                }
                peer.outbox().closeAfterFlush(Close.KICKED);
                unregister(peer);
            }
        } else if (event instanceof ClusterEvent.Revoked revoked) {
            cut(Revocation.of(revoked));
        } else if (event instanceof ClusterEvent.CountChanged changed) {
            presence.countChanged(new RoomKey(changed.tenant(), changed.room()));
        } else if (event instanceof ClusterEvent.KeptBroadcast kept) {
            deliver(new RoomKey(kept.tenant(), kept.room()), Kept.stored(kept.epoch(), kept.offset(), kept.payload()),
                    kept.senderClientId(), kept.echo() ? new Echo(kept.echoId()) : null);
        }
    }

    /** Ends the connections a revocation covers: its error is the last frame they get. */
    private void cut(Revocation revocation) {
        String frame = encoder.encode(ServerFrame.of(FrameType.HUB_ERROR, Payloads.Error.of(Problem.TOKEN_REVOKED, Map.of())));
        int cut = 0;
        for (Peer peer : connections.all()) {
            if (revocation.covers(peer.identity())) {
                peer.outbox().finish(frame, Close.TOKEN_REVOKED);
                unregister(peer);
                cut++;
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
        int bytes = Utf8.length(frame);
        for (Room.Seat seat : room.seats()) {
            if (!seat.peer().clientId().equals(exceptClientId)) {
                seat.peer().send(frame, bytes);
            }
        }
    }

    /** A kept message to every member but its sender, who gets it as its reply when it asked for an {@code echo}. */
    private void deliver(RoomKey key, Kept message, String senderClientId, Echo echo) {
        Room room = rooms.get(key);
        if (room == null) {
            return;
        }
        String frame = message.frame();
        int bytes = Utf8.length(frame);
        for (Room.Seat seat : room.seats()) {
            if (!seat.peer().clientId().equals(senderClientId)) {
                seat.deliver(message, frame, bytes);
            } else if (echo != null) {
                String reply = message.reply(echo.id());
                seat.deliver(message, reply, Utf8.length(reply));
            }
        }
    }

    private boolean removeFromRoom(Peer peer, String name) {
        var key = peer.room(name);
        var removed = new boolean[1];
        var lastHere = new boolean[1];
        boolean shared = shared();
        var left = new Payloads.PresenceLeft(name, new Payloads.LeftUser(peer.identity().userId()));
        DeferredSends.around(() -> rooms.computeIfPresent(key, (k, room) -> {
            removed[0] = room.contains(peer);
            lastHere[0] = room.remove(peer);
            if (lastHere[0] && !shared) {
                presence.publishPresence(key, room, peer, left);
            }
            if (room.isEmpty()) {
                if (cluster != null) {
                    cluster.unfollow(key.tenant(), key.name());
                }
                return null;
            }
            return room;
        }));
        peer.left(name);
        if (shared && removed[0]) {
            try {
                var change = cluster.adjust(key.tenant(), name, peer.identity().userId(), peer.identity().username(),
                        false, -1, 0);
                if (change.presenceChanged()) {
                    presence.announce(key, change.users(), peer.clientId(), left);
                }
            } catch (ClusterUnavailableException e) {
                if (lastHere[0]) {
                    deliver(key, encoder.encode(ServerFrame.of(FrameType.ROOM_PRESENCE, left)), peer.clientId());
                }
            }
        }
        return removed[0];
    }

    /**
     * The backplane is back (or first reached): this node's share of every room replaces what the
     * backplane held of it, and whoever that makes join or leave is announced.
     */
    private void reregister() {
        counts.recount();
        for (ClusterState.RoomRef held : cluster.rooms()) {
            var key = new RoomKey(held.tenant(), held.room());
            if (!rooms.containsKey(key)) {
                // emptied here while the backplane was away
                cluster.replace(key.tenant(), key.name(), List.of()).left().forEach(userId ->
                        presence.announce(key, -1, null, new Payloads.PresenceLeft(key.name(), new Payloads.LeftUser(userId))));
            }
        }
        for (var entry : rooms.entrySet()) {
            RoomKey key = entry.getKey();
            Room room = entry.getValue();
            cluster.follow(key.tenant(), key.name());
            var seats = room.clusterSeats(settings.claims().adminRoles());
            var changes = cluster.replace(key.tenant(), key.name(), seats);
            for (String userId : changes.joined()) {
                seats.stream().filter(seat -> seat.userId().equals(userId)).findFirst().ifPresent(seat ->
                        presence.announce(key, -1, null, new Payloads.PresenceJoined(key.name(), new Payloads.Member(userId, seat.username()))));
            }
            for (String userId : changes.left()) {
                presence.announce(key, -1, null, new Payloads.PresenceLeft(key.name(), new Payloads.LeftUser(userId)));
            }
        }
    }

    private boolean shared() {
        return cluster != null && cluster.available();
    }
}
