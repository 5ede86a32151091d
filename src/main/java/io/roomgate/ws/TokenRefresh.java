package io.roomgate.ws;

import io.roomgate.auth.AuthStage;
import io.roomgate.auth.Identity;
import io.roomgate.auth.TokenRejectedException;
import io.roomgate.protocol.ErrorCode;
import io.roomgate.protocol.FrameType;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.Problem;
import io.roomgate.rooms.Peer;
import java.util.Map;
import java.util.Objects;

/**
 * {@code token:refresh} (PROTOCOL §2.2, §10): a new token for the same user and tenant, verified
 * exactly like a handshake token; it replaces the connection's identity and deadlines, and takes
 * the connection out of the rooms its new permissions no longer allow.
 */
final class TokenRefresh {

    private final RoomgateServices services;
    private final TokenClock clock;

    TokenRefresh(RoomgateServices services, TokenClock clock) {
        this.services = services;
        this.clock = clock;
    }

    /** @param peer the open {@code connection}'s */
    void refresh(Connection connection, Peer peer, String token, String id) {
        Identity current = peer.identity();
        try {
            Identity fresh = services.authenticator().authenticate(token);
            if (!fresh.userId().equals(current.userId()) || !Objects.equals(fresh.tenant(), current.tenant())) {
                connection.audit(AuthStage.REFRESH, null).who(current).refused(ErrorCode.USER_MISMATCH.wire());
                connection.replyError(Problem.REFRESH_FOR_OTHER_USER, Map.of(), id);
                return;
            }
            peer.refresh(fresh);
            connection.requireNotRevokedMeanwhile(fresh);
            clock.arm(fresh);
            var left = services.registry().leaveUnjoinable(peer);
            connection.reply(FrameType.TOKEN_REFRESHED, id, new Payloads.Refreshed(fresh.exp()));
            connection.audit(AuthStage.REFRESH, null).who(fresh).accepted();
            // PROTOCOL §10: after token:refreshed, and with no id: the client did not ask to leave
            left.forEach(room -> connection.reply(FrameType.ROOM_LEFT, null, new Payloads.Left(room)));
        } catch (TokenRejectedException e) {
            connection.audit(AuthStage.REFRESH, null).who(current).refused(e.failure());
            connection.endRefused(e.failure(), e.expiredAt(), id);
        }
    }
}
