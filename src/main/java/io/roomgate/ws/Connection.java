package io.roomgate.ws;

import io.roomgate.audit.AuditEntry;
import io.roomgate.auth.AuthFailure;
import io.roomgate.auth.AuthStage;
import io.roomgate.auth.Carrier;
import io.roomgate.auth.Identity;
import io.roomgate.auth.TokenRejectedException;
import io.roomgate.limits.AddressLimiter;
import io.roomgate.limits.FrameRateLimiter;
import io.roomgate.limits.Rate;
import io.roomgate.limits.RoomChangeLimiter;
import io.roomgate.metrics.RoomgateMetrics;
import io.roomgate.protocol.ClientFrame;
import io.roomgate.protocol.Close;
import io.roomgate.protocol.Command;
import io.roomgate.protocol.FrameRejected;
import io.roomgate.protocol.FrameType;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.Problem;
import io.roomgate.protocol.ServerFrame;
import io.roomgate.rooms.Peer;
import io.roomgate.rooms.Refusal;
import io.roomgate.transport.Outbox;
import io.roomgate.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

/**
 * One socket's life: unauthenticated until a credential is proven, then a registered {@link Peer},
 * then closed ({@link ConnectionState}). Inbound frames arrive one at a time per socket (Jakarta
 * WebSocket); timers and other connections' effects arrive on other threads.
 */
final class Connection implements TokenClock.Listener {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final RoomgateServices services;
    private final Outbox outbox;
    private final String clientAddress;
    private final FrameRouter router;
    private final InboundText inbound;
    private final TokenClock tokenClock;
    private final TokenRefresh tokenRefresh;
    private final FrameRateLimiter frameLimit;
    private final RoomChangeLimiter roomChanges;
    private final ConnectionState state = new ConnectionState();
    private long binaryBytes;
    /** Where {@code hub:connect}'s credential was, for the audit line of its decision. */
    private volatile Carrier connectCarrier;

    Connection(RoomgateServices services, Transport transport, String clientAddress) {
        this.services = services;
        this.clientAddress = clientAddress;
        this.inbound = new InboundText(services.settings().limits().frameBytes());
        var auth = services.settings().auth();
        var limits = services.settings().limits();
        long now = System.nanoTime();
        this.frameLimit = new FrameRateLimiter(new Rate(limits.framesPerSecond(), limits.frameBurst()),
                new Rate(limits.bytesPerSecond(), limits.byteBurst()), limits.frameDropsBeforeClose(), now);
        this.roomChanges = new RoomChangeLimiter(new Rate(limits.joinsPerSecond(), limits.joinBurst()), now);
        this.tokenClock = new TokenClock(services.scheduler(), auth.expiryWarning(), auth.jwt().clockSkewSeconds(),
                auth.jwt().expiredGraceSeconds(), this);
        this.outbox = Outbox.held(transport, limits.outboundQueueBytes(), tokenClock, this::leaveAll);
        this.tokenRefresh = new TokenRefresh(services, tokenClock);
        this.router = new FrameRouter(services.registry(), this);
        services.lifecycle().socketOpened();
    }

    void start(HandshakeOutcome outcome) {
        if (outcome instanceof HandshakeOutcome.Authenticated authenticated) {
            admit(authenticated.identity(), null, AuthStage.UPGRADE);
        } else if (outcome instanceof HandshakeOutcome.Rejected rejected) {
            // not through refuse(): the upgrade's refusal has been audited where it was made
            if (state.refuse()) {
                endRefused(rejected.failure(), rejected.expiredAt(), null);
            }
        } else if (outcome instanceof HandshakeOutcome.Limited limited) {
            refuseForAddress(limited.refusal());
        } else {
            state.awaitConnect(services.scheduler().schedule(this::authenticationTimedOut, services.settings().auth().timeout()));
        }
    }

    void onTextPart(String part, boolean last) {
        if (outbox.isClosing()) {
            return;
        }
        if (!inbound.append(part)) {
            outbox.abort(Close.MESSAGE_TOO_BIG);
            return;
        }
        if (last) {
            long size = inbound.size();
            String text = inbound.take();
            services.metrics().received(text.length());
            if (withinFrameLimit(size)) {
                onFrame(text);
            }
        }
    }

    /** Binary frames are refused, but only once whole, and never bigger than the frame limit. */
    void onBinaryPart(int bytes, boolean last) {
        if (outbox.isClosing()) {
            return;
        }
        binaryBytes += bytes;
        if (binaryBytes > services.settings().limits().frameBytes()) {
            outbox.abort(Close.MESSAGE_TOO_BIG);
            return;
        }
        if (!last) {
            return;
        }
        long size = binaryBytes;
        binaryBytes = 0;
        if (!withinFrameLimit(size)) {
            return;
        }
        if (state.peer() != null) {
            replyError(Problem.BINARY_FRAME, Map.of(), null);
        } else {
            refuse(AuthFailure.REQUIRED, OptionalLong.empty(), null);
        }
    }

    /**
     * @param releaseBeforeAnswer the container answers the client's close only after this returns
     *        (Tyrus): the cluster's count is released here, so the client finds its slot free at once
     */
    void onClose(boolean releaseBeforeAnswer) {
        if (state.close(releaseBeforeAnswer ? this::leaveClosed : this::leave)) {
            services.lifecycle().socketClosed();
            tokenClock.cancel();
        }
    }

    /**
     * This side's close is about to go out (on the closer's threads): the user's count on every node
     * is released first, so that a client told of the close (a kick, its token's expiry, a drain)
     * finds its slot free wherever it reconnects.
     */
    void beforeClosing() {
        Peer peer = state.peer();
        if (peer != null) {
            services.registry().release(peer);
        }
    }

    /** The outbox's word that this side is closing: an open connection leaves at once. */
    private void leaveAll() {
        Peer peer = state.peer();
        if (peer != null) {
            leave(peer);
        }
    }

    /**
     * The socket closed on Tyrus: the user's count on every node is released here, before the
     * container answers the client's close, so that a client reconnecting at once, to any node, is not
     * refused for the connection it just closed. A backplane round trip on the container's worker
     * thread, as the handshake's claim is; elsewhere ({@link #leave}) the close is answered before the
     * callback, which may run on an I/O thread that must not wait, and the sweep releases instead.
     */
    private void leaveClosed(Peer peer) {
        try {
            services.registry().release(peer);
        } finally {
            sweepLater(peer);
        }
    }

    /**
     * Frees the user's connection slot on this node at once, so that a reconnect right after the close
     * is not refused for it; its count on every node is released before the close goes out
     * ({@link #beforeClosing}) or by the sweep of its rooms, whichever comes first. Nothing here waits:
     * this runs inside a room's atomic section when an offer there drops the connection as a slow
     * consumer, where no network call may wait and sweeping the rooms would re-enter that section's map.
     */
    private void leave(Peer peer) {
        services.registry().releaseSlot(peer);
        sweepLater(peer);
    }

    /** {@link io.roomgate.rooms.RoomRegistry#unregister}, which releases the count first, off this thread. */
    private void sweepLater(Peer peer) {
        try {
            services.scheduler().execute(() -> services.registry().unregister(peer));
        } catch (RejectedExecutionException e) {
            LOG.fine("Application stopping; the registry goes with it");
        }
    }

    /**
     * PROTOCOL §5: whether one more join or leave may go ahead now; when not, the refusal says when.
     * Checked before the room is looked at, so a refused change costs nothing.
     */
    void requireRoomChangeAllowed() throws Refusal {
        long retryAfter = roomChanges.tryChange(System.nanoTime());
        if (retryAfter > 0) {
            throw new Refusal(Problem.TOO_MANY_REQUESTS, Map.of("limit", RoomChangeLimiter.LIMIT, "retryAfterMs", retryAfter));
        }
    }

    RoomgateMetrics metrics() {
        return services.metrics();
    }

    void reply(FrameType type, String id, Object payload) {
        outbox.offer(services.encoder().encode(ServerFrame.reply(type, id, payload)));
    }

    void replyError(Problem problem, Map<String, Object> details, String id) {
        outbox.offer(encodeError(problem, details, id));
    }

    /** The one way this side ends a connection with an error: the error, then the close once it is flushed. */
    private void endWithError(Problem problem, Map<String, Object> details, String id, Close close) {
        outbox.endWith(encodeError(problem, details, id), close);
    }

    /**
     * The end of a refused credential, at the handshake or on refresh: its error and close 1008, the
     * refusal counted against the address unless the client was only slow.
     */
    void endRefused(AuthFailure failure, OptionalLong expiredAt, String id) {
        if (failure != AuthFailure.TIMEOUT) {
            // a slow client is not guessing credentials; every other refusal counts against its address
            services.addressLimiter().failedAuthentication(clientAddress);
        }
        endWithError(failure.problem(), expiryDetails(expiredAt), id,
                failure == AuthFailure.TIMEOUT ? Close.AUTHENTICATION_TIMEOUT : Close.UNAUTHORIZED);
    }

    /**
     * A revocation made while the token was being verified finds the connection either in the
     * registry (and closes it) or, registered or refreshed too late for that, here.
     */
    void requireNotRevokedMeanwhile(Identity identity) throws TokenRejectedException {
        if (services.revocations().isRevoked(identity)) {
            throw new TokenRejectedException(AuthFailure.REVOKED);
        }
    }

    void refresh(Peer peer, String token, String id) {
        tokenRefresh.refresh(this, peer, token, id);
    }

    /** {@code token:expiring}, once per token: the timer of a replaced token was cancelled with it. */
    @Override
    public void expiring(long exp) {
        if (!outbox.isClosing()) {
            reply(FrameType.TOKEN_EXPIRING, null, new Payloads.Expiring(exp));
        }
    }

    /** The token ran out: its error is the last frame the client gets, whatever was queued before it. */
    @Override
    public void expired(long exp) {
        Peer peer = state.peer();
        if (peer == null || outbox.isClosing()) {
            return;
        }
        outbox.finish(encodeError(Problem.TOKEN_EXPIRED, Map.of("expiredAt", exp), null), Close.TOKEN_EXPIRED);
        LOG.info(() -> "Token of user " + peer.identity().userId() + " expired; closing connection from " + clientAddress);
    }

    /** PROTOCOL §5: whether a whole frame of {@code size} UTF-8 bytes, text or binary, may be processed. */
    private boolean withinFrameLimit(long size) {
        switch (frameLimit.offer(System.nanoTime(), size)) {
            case ACCEPT:
                return true;
            case DROP_AND_ANSWER:
                services.metrics().frameDropped();
                var drop = frameLimit.lastDrop();
                replyError(Problem.TOO_MANY_REQUESTS, Map.of("limit", drop.limit(), "retryAfterMs", drop.retryAfterMillis()), null);
                return false;
            case DROP:
                services.metrics().frameDropped();
                return false;
            default:
                outbox.abort(Close.RATE_LIMITED);
                return false;
        }
    }

    private void onFrame(String text) {
        ClientFrame frame;
        try {
            frame = services.decoder().decode(text);
        } catch (FrameRejected rejected) {
            if (state.peer() != null) {
                replyError(rejected.problem(), Map.of(), rejected.id());
            } else {
                refuse(AuthFailure.REQUIRED, OptionalLong.empty(), rejected.id());
            }
            return;
        }
        Peer peer = state.peer();
        if (peer == null) {
            authenticateFirstFrame(frame);
        } else if (tokenClock.isPast()) {
            // the expiry task may not have run yet, but the token is already over
            expired(peer.identity().exp());
        } else {
            router.route(frame, peer);
        }
    }

    private void authenticateFirstFrame(ClientFrame frame) {
        if (!(frame.command() instanceof Command.Connect connect)) {
            refuse(AuthFailure.REQUIRED, OptionalLong.empty(), frame.id());
            return;
        }
        if (!ProtocolVersion.isSupported(connect.version())) {
            if (state.refuse()) {
                endWithError(Problem.UNSUPPORTED_VERSION, Map.of(), frame.id(), Close.UNSUPPORTED_VERSION);
            }
            return;
        }
        var credential = connect.serverBypass().or(connect::jwt).filter(token -> !token.isEmpty());
        if (credential.isEmpty()) {
            refuse(AuthFailure.REQUIRED, OptionalLong.empty(), frame.id());
            return;
        }
        connectCarrier = connect.serverBypass().filter(token -> !token.isEmpty()).isPresent() ? Carrier.BYPASS : Carrier.CONNECT;
        try {
            Identity identity = services.authenticator().authenticate(credential.get());
            if (admit(identity, frame.id(), AuthStage.CONNECT)) {
                audit(AuthStage.CONNECT, connectCarrier).who(identity).accepted();
            }
        } catch (TokenRejectedException e) {
            refuse(e.failure(), e.expiredAt(), frame.id());
        }
    }

    /**
     * @param stage where the credential was verified, for the audit of a refusal found here
     * @return whether the connection was admitted (the credential's acceptance is audited by the caller)
     */
    private boolean admit(Identity identity, String id, AuthStage stage) {
        if (!state.startAdmitting()) {
            return false;
        }
        var admitted = new Peer(identity, outbox);
        try {
            services.registry().register(admitted);
        } catch (Refusal refusal) {
            state.admissionRefused();
            endWithError(refusal.problem(), refusal.details(), id, Close.RATE_LIMITED);
            audit(stage, stage == AuthStage.CONNECT ? connectCarrier : null).who(identity).refused("connections_per_user");
            return false;
        }
        if (services.lifecycle().isDraining()) {
            // registered after the drain took its list of connections (which it did after turning on draining)
            services.registry().unregister(admitted);
            state.admissionRefused();
            outbox.abort(Close.SHUTTING_DOWN);
            return false;
        }
        try {
            requireNotRevokedMeanwhile(identity);
        } catch (TokenRejectedException e) {
            services.registry().unregister(admitted);
            state.admissionRefused();
            audit(stage, stage == AuthStage.CONNECT ? connectCarrier : null).who(identity).refused(e.failure());
            if (outbox.isClosing()) {
                // the revocation's own cut found the connection first and ended it: that end goes out
                outbox.releaseEnded();
            } else {
                endRefused(e.failure(), e.expiredAt(), id);
            }
            return false;
        }
        if (!state.open(admitted)) {
            // the socket closed while it was being admitted, before there was a peer to take out
            services.registry().unregister(admitted);
            return false;
        }
        List<String> rooms = new ArrayList<>();
        services.settings().rooms().defaultRoom().ifPresent(room -> {
            try {
                services.registry().enter(admitted, room);
                rooms.add(room);
            } catch (Refusal refusal) {
                LOG.fine(() -> "Default room not joined: " + refusal.problem());
            }
        });
        var connected = new Payloads.Connected(identity.userId(), identity.username(), List.copyOf(identity.roles()),
                identity.tenant(), admitted.clientId(), identity.exp(), rooms,
                tokenClock.isInGrace(identity) ? Payloads.EXPIRED_GRACE_WARNING : null,
                identity.permissions().claimed().orElse(null));
        outbox.release(services.encoder().encode(ServerFrame.reply(FrameType.HUB_CONNECTED, id, connected)));
        tokenClock.arm(identity);
        return true;
    }

    /** A refusal while awaiting {@code hub:connect}: audited, then the connection ends. */
    private void refuse(AuthFailure failure, OptionalLong expiredAt, String id) {
        if (!state.refuse()) {
            return;
        }
        audit(AuthStage.CONNECT, connectCarrier).refused(failure);
        endRefused(failure, expiredAt, id);
    }

    /** An audit line about this connection: its address, and its clientId once it has one. */
    AuditEntry audit(AuthStage stage, Carrier carrier) {
        Peer peer = state.peer();
        return services.audit().authentication(stage, carrier).client(clientAddress)
                .connection(peer == null ? null : peer.clientId());
    }

    /** {@code mod:kick}, audited whatever its outcome. */
    void kick(Peer peer, Command.Kick kick) throws Refusal {
        var entry = services.audit().moderation(FrameType.MOD_KICK.wire()).client(clientAddress).connection(peer.clientId())
                .who(peer.identity()).with("target", kick.userId()).with("room", kick.room());
        try {
            services.registry().kick(peer, kick.room(), kick.userId(), kick.reason(), kick.banSeconds());
        } catch (Refusal refusal) {
            entry.refused(refusal.problem().auditReason());
            throw refusal;
        }
        services.metrics().kicked();
        entry.accepted();
    }

    /** PROTOCOL §5: refused before the upgrade where a servlet filter runs; here, after it. */
    private void refuseForAddress(AddressLimiter.Refusal refusal) {
        if (!state.refuse()) {
            return;
        }
        endWithError(Problem.TOO_MANY_REQUESTS, refusal.details(), null, Close.RATE_LIMITED);
        LOG.fine(() -> "Refused connection from " + clientAddress + ": " + refusal.limit());
    }

    private void authenticationTimedOut() {
        if (!outbox.isClosing()) {
            refuse(AuthFailure.TIMEOUT, OptionalLong.empty(), null);
        }
    }

    private String encodeError(Problem problem, Map<String, Object> details, String id) {
        return services.encoder().encode(ServerFrame.reply(FrameType.HUB_ERROR, id, Payloads.Error.of(problem, details)));
    }

    /** {@code hub:error}'s details for an expired token (PROTOCOL §3): its {@code expiredAt}. */
    static Map<String, Object> expiryDetails(OptionalLong expiredAt) {
        return expiredAt.isPresent() ? Map.of("expiredAt", expiredAt.getAsLong()) : Map.of();
    }
}
