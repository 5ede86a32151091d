package io.roomgate.startup;

import io.roomgate.issuer.TokenIssuer;
import io.roomgate.lifecycle.Lifecycle;
import io.roomgate.ws.RoomgateServices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/**
 * Builds every service when the application starts, so a bad configuration value or an
 * unloadable key fails the deployment with one message naming the key, not the first handshake.
 */
@ApplicationScoped
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event, RoomgateServices services,
            TokenIssuer issuer, Lifecycle lifecycle) {
        var settings = services.settings();
        // authenticator() alone only returns the client proxy; a call through it builds the verifier now
        // (and issuer.enabled() below reads the exchange's signing key)
        services.authenticator().ensureReady();
        LOG.info(() -> "Roomgate started: verification " + settings.auth().jwt().algorithms()
                + (issuer.enabled() ? ", token exchange at /api/ws-token" : "")
                + (settings.demoEnabled() ? ", DEMO MODE (throwaway signing key, /demo/token open)" : ""));
        if (!settings.auth().required()) {
            LOG.warning("DEV MODE (roomgate.auth.required=false): this server accepts unauthenticated clients as"
                    + " guests, trusts dev: tokens and expired JWTs. Never expose it.");
        }
        lifecycle.markStarted();
    }
}
