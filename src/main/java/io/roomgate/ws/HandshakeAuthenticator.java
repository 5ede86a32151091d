package io.roomgate.ws;

import io.roomgate.auth.HandshakeView;
import io.roomgate.auth.TokenRejectedException;

/** What an upgrade request's credential proves; shared by the configurator and {@link UpgradeFilter}. */
final class HandshakeAuthenticator {

    private HandshakeAuthenticator() {
    }

    static HandshakeOutcome authenticate(RoomgateServices services, HandshakeView view) {
        try {
            var credential = services.credentials().find(view);
            if (credential.isEmpty()) {
                return services.authenticator().anonymous()
                        .<HandshakeOutcome>map(HandshakeOutcome.Authenticated::new)
                        .orElseGet(HandshakeOutcome.Pending::new);
            }
            return new HandshakeOutcome.Authenticated(services.authenticator().authenticate(credential.get().token()));
        } catch (TokenRejectedException e) {
            return new HandshakeOutcome.Rejected(e.failure(), e.expiredAt());
        }
    }
}
