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
import io.roomgate.protocol.FrameType;
import io.roomgate.protocol.Close;
import io.roomgate.protocol.Command;
import io.roomgate.protocol.ErrorCode;
import io.roomgate.protocol.FrameRejected;
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
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * One socket's life: unauthenticated until a credential is proven, then a registered
 * {@link Peer}, then closed. Inbound frames arrive one at a time per socket (Jakarta WebSocket);
 * timers and other connections' effects arrive on other threads, hence the volatile state.
 */
final class Connection implements TokenClock.Listener {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final RoomgateServices services;
    private final Outbox outbox;
    private final String clientAddress;
    private final FrameRouter router;
    private final InboundText inbound;
    private final TokenClock tokenClock;
    private final FrameRateLimiter frameLimit;
    private final RoomChangeLimiter roomChanges;
    private long binaryBytes;
    private volatile Peer peer;
    private volatile ScheduledFuture<?> authDeadline;
    private volatile boolean closed;
    /** Admission and refusal race with the auth deadline; only the first of them may act. */
    private final AtomicBoolean authSettled = new AtomicBoolean();
    /** Where {@code hub:connect}'s credential was, for the audit line of its decision. */
    private volatile Carrier connectCarrier;

    Connection(RoomgateServices services, Transport transport, String clientAddress) {
        this.services = services;
        this.clientAddress = clientAddress;
        this.router = new FrameRouter(services.registry(), this);
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
        services.lifecycle().socketOpened();
    }

    void start(HandshakeOutcome outcome) {
        if (outcome instanceof HandshakeOutcome.Authenticated authenticated) {
            admit(authenticated.identity(), null, AuthStage.UPGRADE);
        } else if (outcome instanceof HandshakeOutcome.Rejected rejected) {
            // settled here, not through refuse(): the upgrade's refusal has been audited where it was made
            authSettled.set(true);
            reject(rejected.failure(), rejected.expiredAt(), null);
        } else if (outcome instanceof HandshakeOutcome.Limited limited) {
            refuseForAddress(limited.refusal());
        } else {
            authDeadline = services.scheduler().schedule(this::authenticationTimedOut, services.settings().auth().timeout());
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
        if (peer == null) {
            refuse(AuthFailure.REQUIRED, OptionalLong.empty(), null);
        } else {
            replyError(Problem.BINARY_FRAME, Map.of(), null);
        }
    }

    void onClose() {
        if (!closed) {
            services.lifecycle().socketClosed();
        }
        closed = true;
        cancelDeadline();
        tokenClock.cancel();
        leaveAll();
    }

    /**
     * Frees the user's connection slot at once, so that a reconnect right after the close is not
     * refused for it, and takes the connection out of every room asynchronously: this runs inside a
     * room's atomic section when an offer there drops the connection as a slow consumer, and
     * sweeping the rooms would re-enter that section's map.
     */
    private void leaveAll() {
        Peer current = peer;
        if (current == null) {
            return;
        }
        services.registry().releaseSlot(current);
        try {
            services.scheduler().execute(() -> services.registry().unregister(current));
        } catch (RejectedExecutionException e) {
            LOG.fine("Application stopping; the registry goes with it");
        }
    }

    Peer peer() {
        return peer;
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
        reply(FrameType.HUB_ERROR, id, Payloads.Error.of(problem, details));
    }

    /** token:refresh — the new token is verified exactly like a handshake token. */
    void refresh(String token, String id) {
        Identity current = peer.identity();
        try {
            Identity fresh = services.authenticator().authenticate(token);
            if (!fresh.userId().equals(current.userId()) || !Objects.equals(fresh.tenant(), current.tenant())) {
                audit(AuthStage.REFRESH, null).who(current).refused(ErrorCode.USER_MISMATCH.wire());
                replyError(Problem.REFRESH_FOR_OTHER_USER, Map.of(), id);
                return;
            }
            peer.refresh(fresh);
            requireNotRevokedMeanwhile(fresh);
            tokenClock.arm(fresh);
            var left = services.registry().leaveUnjoinable(peer);
            reply(FrameType.TOKEN_REFRESHED, id, new Payloads.Refreshed(fresh.exp()));
            audit(AuthStage.REFRESH, null).who(fresh).accepted();
            // PROTOCOL §10: after token:refreshed, and with no id: the client did not ask to leave
            left.forEach(room -> reply(FrameType.ROOM_LEFT, null, new Payloads.Left(room)));
        } catch (TokenRejectedException e) {
            audit(AuthStage.REFRESH, null).who(current).refused(e.failure());
            services.addressLimiter().failedAuthentication(clientAddress);
            replyError(e.failure().problem(), expiryDetails(e.expiredAt()), id);
            outbox.closeAfterFlush(Close.UNAUTHORIZED);
            LOG.info(() -> "Refused token refresh of user " + current.userId() + " from " + clientAddress + ": " + e.failure().logCode());
        }
    }

    /**
     * A revocation made while the token was being verified finds the connection either in the
     * registry (and closes it) or, registered or refreshed too late for that, here.
     */
    private void requireNotRevokedMeanwhile(Identity identity) throws TokenRejectedException {
        if (services.revocations().isRevoked(identity)) {
            throw new TokenRejectedException(AuthFailure.REVOKED);
        }
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
        Peer current = peer;
        if (current == null || closed || outbox.isClosing()) {
            return;
        }
        outbox.finish(encodeError(Problem.TOKEN_EXPIRED, Map.of("expiredAt", exp), null),
                Close.TOKEN_EXPIRED);
        LOG.info(() -> "Token of user " + current.identity().userId() + " expired; closing connection from " + clientAddress);
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
            if (peer == null) {
                refuse(AuthFailure.REQUIRED, OptionalLong.empty(), rejected.id());
            } else {
                replyError(rejected.problem(), Map.of(), rejected.id());
            }
            return;
        }
        if (peer == null) {
            authenticateFirstFrame(frame);
        } else if (tokenClock.isPast()) {
            // the expiry task may not have run yet, but the token is already over
            expired(peer.identity().exp());
        } else {
            router.route(frame);
        }
    }

    private void authenticateFirstFrame(ClientFrame frame) {
        if (!(frame.command() instanceof Command.Connect connect)) {
            refuse(AuthFailure.REQUIRED, OptionalLong.empty(), frame.id());
            return;
        }
        if (!ProtocolVersion.isSupported(connect.version())) {
            if (!authSettled.compareAndSet(false, true)) {
                return;
            }
            outbox.release(encodeError(Problem.UNSUPPORTED_VERSION, Map.of(), frame.id()));
            outbox.closeAfterFlush(Close.UNSUPPORTED_VERSION);
            cancelDeadline();
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
        if (!authSettled.compareAndSet(false, true)) {
            return false;
        }
        cancelDeadline();
        var admitted = new Peer(identity, outbox);
        try {
            services.registry().register(admitted);
        } catch (Refusal refusal) {
            outbox.release(encodeError(refusal.problem(), refusal.details(), id));
            outbox.closeAfterFlush(Close.RATE_LIMITED);
            LOG.info(() -> "Refused user " + identity.userId() + " from " + clientAddress + ": connections-per-user");
            return false;
        }
        if (services.lifecycle().isDraining()) {
            // registered after the drain took its list of connections (which it did after turning on draining)
            services.registry().unregister(admitted);
            outbox.abort(Close.SHUTTING_DOWN);
            return false;
        }
        try {
            requireNotRevokedMeanwhile(identity);
        } catch (TokenRejectedException e) {
            services.registry().unregister(admitted);
            audit(stage, stage == AuthStage.CONNECT ? connectCarrier : null).who(identity).refused(e.failure());
            if (!outbox.isClosing()) {
                // unless the revocation's own cut found the connection first and already ended it
                reject(e.failure(), e.expiredAt(), id);
            }
            return false;
        }
        peer = admitted;
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
        LOG.info(() -> "User " + identity.userId() + " connected from " + clientAddress);
        if (closed) {
            // the socket closed while we were admitting it; onClose may have run before peer was set
            services.registry().unregister(admitted);
        }
        return true;
    }

    private void refuse(AuthFailure failure, OptionalLong expiredAt, String id) {
        if (!authSettled.compareAndSet(false, true)) {
            return;
        }
        cancelDeadline();
        audit(AuthStage.CONNECT, connectCarrier).refused(failure);
        reject(failure, expiredAt, id);
    }

    /** An audit line about this connection: its address, and its clientId once it has one. */
    private AuditEntry audit(AuthStage stage, Carrier carrier) {
        Peer current = peer;
        return services.audit().authentication(stage, carrier).client(clientAddress)
                .connection(current == null ? null : current.clientId());
    }

    /** {@code mod:kick}, audited whatever its outcome. */
    void kick(Command.Kick kick) throws Refusal {
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

    private void reject(AuthFailure failure, OptionalLong expiredAt, String id) {
        if (failure != AuthFailure.TIMEOUT) {
            // a slow client is not guessing credentials; every other refusal counts against its address
            services.addressLimiter().failedAuthentication(clientAddress);
        }
        outbox.release(encodeError(failure.problem(), expiryDetails(expiredAt), id));
        outbox.closeAfterFlush(failure == AuthFailure.TIMEOUT ? Close.AUTHENTICATION_TIMEOUT : Close.UNAUTHORIZED);
        LOG.info(() -> "Refused connection from " + clientAddress + ": " + failure.logCode());
    }

    /** PROTOCOL §5: refused before the upgrade where a servlet filter runs; here, after it. */
    private void refuseForAddress(AddressLimiter.Refusal refusal) {
        if (!authSettled.compareAndSet(false, true)) {
            return;
        }
        outbox.release(encodeError(Problem.TOO_MANY_REQUESTS, refusal.details(), null));
        outbox.closeAfterFlush(Close.RATE_LIMITED);
        LOG.fine(() -> "Refused connection from " + clientAddress + ": " + refusal.limit());
    }

    private void authenticationTimedOut() {
        if (peer == null && !closed && !outbox.isClosing()) {
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

    private void cancelDeadline() {
        var deadline = authDeadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
