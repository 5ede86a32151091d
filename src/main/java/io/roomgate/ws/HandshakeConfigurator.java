package io.roomgate.ws;

import io.roomgate.auth.AuthStage;
import io.roomgate.auth.CredentialExtractor;
import io.roomgate.auth.HandshakeView;
import io.roomgate.limits.AddressLimiter;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates the upgrade (PROTOCOL §1): applies the Origin allow-list, selects {@code rooms.v1}
 * without ever echoing a {@code bearer.} entry, and leaves the verified identity, the typed
 * failure or the address's rate-limit refusal in the connection's user properties for the endpoint,
 * with the services it works with.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    static final String CLIENT_ADDRESS = "io.roomgate.client-address";
    static final String SERVICES = "io.roomgate.services";

    /**
     * Looked up once per configurator (one per deployed endpoint): {@link RoomgateServices#current()}
     * walks the caller's stack on WildFly, and three lookups per handshake, with a CDI-managed endpoint
     * instance besides, were a fifth of its CPU.
     */
    private volatile RoomgateServices services;

    private RoomgateServices services() {
        var current = services;
        if (current == null) {
            current = RoomgateServices.current();
            services = current;
        }
        return current;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return services().originPolicy().permits(originHeaderValue);
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.contains(CredentialExtractor.SUBPROTOCOL) ? CredentialExtractor.SUBPROTOCOL : "";
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        var services = services();
        var view = new HandshakeView(request.getHeaders(), request.getParameterMap());
        String client = ClientAddress.of(view, services.addresses());
        // Where no servlet filter ran before the upgrade, the address's limits are applied here.
        var refusal = ClientAddress.admittedBeforeUpgrade(view) ? Optional.<AddressLimiter.Refusal>empty()
                : services.addressLimiter().admit(client);
        var outcome = refusal.isPresent() ? new HandshakeOutcome.Limited(refusal.get())
                : HandshakeAuthenticator.authenticate(services, view, client, AuthStage.UPGRADE);
        services.metrics().handshake(outcome.result());
        var properties = config.getUserProperties();
        properties.put(HandshakeOutcome.USER_PROPERTY, outcome);
        properties.put(CLIENT_ADDRESS, client);
        properties.put(SERVICES, services);
    }

    /** A plain instance: the endpoint takes no injection, its services come with the handshake. */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        try {
            return endpointClass.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            var failure = new InstantiationException("cannot create " + endpointClass.getName());
            failure.initCause(e);
            throw failure;
        }
    }
}
