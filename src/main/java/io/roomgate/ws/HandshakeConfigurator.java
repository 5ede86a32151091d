package io.roomgate.ws;

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
 * failure or the address's rate-limit refusal in the connection's user properties for the endpoint.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    static final String CLIENT_ADDRESS = "io.roomgate.client-address";

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return RoomgateServices.current().originPolicy().permits(originHeaderValue);
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.contains(CredentialExtractor.SUBPROTOCOL) ? CredentialExtractor.SUBPROTOCOL : "";
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        var services = RoomgateServices.current();
        var view = new HandshakeView(request.getHeaders(), request.getParameterMap());
        String client = ClientAddress.of(view, services.addresses());
        // Where no servlet filter ran before the upgrade, the address's limits are applied here.
        var refusal = ClientAddress.admittedBeforeUpgrade(view) ? Optional.<AddressLimiter.Refusal>empty()
                : services.addressLimiter().admit(client);
        config.getUserProperties().put(HandshakeOutcome.USER_PROPERTY, refusal.isPresent()
                ? new HandshakeOutcome.Limited(refusal.get())
                : HandshakeAuthenticator.authenticate(services, view));
        config.getUserProperties().put(CLIENT_ADDRESS, client);
    }
}
