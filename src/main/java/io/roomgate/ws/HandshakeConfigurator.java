package io.roomgate.ws;

import io.roomgate.auth.CredentialExtractor;
import io.roomgate.auth.HandshakeView;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Authenticates the upgrade (PROTOCOL §1): applies the Origin allow-list, selects {@code rooms.v1}
 * without ever echoing a {@code bearer.} entry, and leaves the verified identity or the typed
 * failure in the connection's user properties for the endpoint.
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
        config.getUserProperties().put(HandshakeOutcome.USER_PROPERTY, HandshakeAuthenticator.authenticate(services, view));
        config.getUserProperties().put(CLIENT_ADDRESS, ClientAddress.of(view));
    }
}
