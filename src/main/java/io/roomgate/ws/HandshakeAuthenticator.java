package io.roomgate.ws;

import io.roomgate.audit.AuditEntry;
import io.roomgate.auth.AuthStage;
import io.roomgate.auth.Carrier;
import io.roomgate.auth.HandshakeView;
import io.roomgate.auth.TokenRejectedException;

/**
 * What an upgrade request's credential proves; shared by the configurator and {@link UpgradeFilter}.
 * Each decision is audited where it is made ({@code stage}); a request without a credential is no
 * decision yet where {@code hub:connect} may still bring one.
 */
final class HandshakeAuthenticator {

    private HandshakeAuthenticator() {
    }

    static HandshakeOutcome authenticate(RoomgateServices services, HandshakeView view, String client, AuthStage stage) {
        Carrier carrier = null;
        try {
            var credential = services.credentials().find(view);
            if (credential.isEmpty()) {
                var guest = services.authenticator().anonymous();
                guest.ifPresent(identity -> audit(services, view, client, stage, Carrier.NONE).who(identity).accepted());
                return guest.<HandshakeOutcome>map(HandshakeOutcome.Authenticated::new).orElseGet(HandshakeOutcome.Pending::new);
            }
            carrier = credential.get().carrier();
            var identity = services.authenticator().authenticate(credential.get().token());
            audit(services, view, client, stage, carrier).who(identity).accepted();
            return new HandshakeOutcome.Authenticated(identity);
        } catch (TokenRejectedException e) {
            audit(services, view, client, stage, carrier).refused(e.failure());
            return new HandshakeOutcome.Rejected(e.failure(), e.expiredAt());
        }
    }

    private static AuditEntry audit(RoomgateServices services, HandshakeView view, String client, AuthStage stage,
                                    Carrier carrier) {
        return services.audit().authentication(stage, carrier).client(client).origin(view.firstHeader("Origin"));
    }
}
