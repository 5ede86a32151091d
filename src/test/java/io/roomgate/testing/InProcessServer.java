package io.roomgate.testing;

import io.roomgate.ws.RoomsEndpoint;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.LoopbackAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The WAR's endpoint on an in-process Tyrus (Grizzly) server, with CDI from Weld SE and
 * MicroProfile Config from SmallRye Config: the fast target of the protocol suite. The endpoint
 * finds its services through {@code CDI.current()}, the same seam it uses on every server.
 */
public final class InProcessServer implements AutoCloseable {

    private final WeldContainer weld;
    private final HttpServer server;
    private final LoopbackContainer container;
    private final int port;

    private InProcessServer(Map<String, String> config) {
        ServerLog.captureInProcess();
        var resolver = ConfigProviderResolver.instance();
        var loader = Thread.currentThread().getContextClassLoader();
        try {
            resolver.releaseConfig(resolver.getConfig(loader));
        } catch (IllegalStateException e) {
            // nothing registered yet
        }
        resolver.registerConfig(new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(config, "roomgate-test", 500))
                .build(), loader);
        weld = new Weld()
                .disableDiscovery()
                .addPackages(true, io.roomgate.config.Settings.class, io.roomgate.auth.Authenticator.class,
                        io.roomgate.rooms.RoomRegistry.class, io.roomgate.cluster.Backplane.class,
                        io.roomgate.protocol.FrameEncoder.class, io.roomgate.ws.RoomsEndpoint.class,
                        io.roomgate.demo.DemoKeys.class)
                .initialize();
        port = freePort();
        container = new LoopbackContainer();
        server = new HttpServer();
        var listener = new NetworkListener("roomgate", "127.0.0.1", port);
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(LoopbackAddOn.of(container, "/"));
        server.addListener(listener);
        try {
            container.addEndpoint(RoomsEndpoint.class);
            server.start();
            container.start("/", port);
        } catch (Exception e) {
            server.shutdownNow();
            weld.shutdown();
            throw new IllegalStateException("in-process server did not start", e);
        }
    }

    public static InProcessServer start(Map<String, String> config) {
        return new InProcessServer(config);
    }

    public URI rooms() {
        return URI.create("ws://127.0.0.1:" + port + "/rooms");
    }

    @Override
    public void close() {
        container.stop();
        server.shutdownNow();
        weld.shutdown();
    }

    /** Tyrus's server container with its WebSocket engine, minus Tyrus's own 0.0.0.0 listener. */
    private static final class LoopbackContainer extends TyrusServerContainer {
        private final WebSocketEngine engine = TyrusWebSocketEngine.builder(this).build();

        LoopbackContainer() {
            super((Set<Class<?>>) null);
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            engine.register(endpointClass, "/");
        }

        @Override
        public void register(ServerEndpointConfig config) throws DeploymentException {
            engine.register(config, "/");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
