package io.roomgate.ws;

import io.roomgate.auth.CredentialExtractor;
import io.roomgate.metrics.RoomgateMetrics;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /rooms}: the WebSocket endpoint. Messages are taken in parts so the frame limit is
 * enforced while a frame arrives, with the same close on every server.
 */
@ServerEndpoint(value = "/rooms", subprotocols = CredentialExtractor.SUBPROTOCOL, configurator = HandshakeConfigurator.class)
public class RoomsEndpoint {

    private static final Logger LOG = Logger.getLogger(RoomsEndpoint.class.getName());

    private volatile Connection connection;
    private volatile SessionTransport transport;
    private volatile RoomgateMetrics metrics;

    @OnOpen
    public void open(Session session, EndpointConfig config) {
        var properties = session.getUserProperties();
        var services = (RoomgateServices) properties.get(HandshakeConfigurator.SERVICES);
        var settings = services.settings();
        transport = new SessionTransport(session, settings.limits().sendTimeout().toMillis(), services.scheduler(), services.metrics(),
                services.lifecycle()::isExitDrain);
        metrics = services.metrics();
        metrics.connectionOpened();
        connection = new Connection(services, transport, (String) properties.getOrDefault(
                HandshakeConfigurator.CLIENT_ADDRESS, ClientAddress.UNKNOWN));
        transport.beforeClose(connection::beforeClosing);
        connection.start((HandshakeOutcome) properties.getOrDefault(
                HandshakeOutcome.USER_PROPERTY, new HandshakeOutcome.Pending()));
    }

    @OnMessage
    public void text(String part, boolean last) {
        connection.onTextPart(part, last);
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        connection.onBinaryPart(part.remaining(), last);
    }

    @OnMessage
    public void pong(PongMessage pong) {
        transport.onPong();
    }

    @OnClose
    public void close(CloseReason reason) {
        if (transport != null) {
            transport.onClosing();
        }
        if (connection != null) {
            connection.onClose(transport.answersCloseAfterCallback());
        }
        if (metrics != null) {
            metrics.connectionClosed(transport.closed());
        }
    }

    @OnError
    public void error(Throwable failure) {
        // Broken sockets and protocol violations by clients are routine; never a stack trace above DEBUG.
        LOG.log(Level.FINE, "WebSocket error", failure);
    }
}
