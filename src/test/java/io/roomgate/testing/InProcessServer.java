package io.roomgate.testing;

import io.roomgate.api.ApiAuthentication;
import io.roomgate.api.MetricsAccess;
import io.roomgate.api.MetricsResource;
import io.roomgate.audit.AuditLog;
import io.roomgate.metrics.RoomgateMetrics;
import io.roomgate.ws.RoomgateServices;
import io.roomgate.api.ApiExceptions;
import io.roomgate.api.BodyLimit;
import io.roomgate.api.HealthResource;
import io.roomgate.api.RevocationResource;
import io.roomgate.api.RoomResource;
import io.roomgate.api.UserResource;
import io.roomgate.auth.Authenticator;
import io.roomgate.auth.Revocations;
import io.roomgate.config.Settings;
import io.roomgate.lifecycle.Lifecycle;
import io.roomgate.limits.AddressLimiter;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.rooms.RoomRegistry;
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
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.LoopbackAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The WAR's endpoint on an in-process Tyrus (Grizzly) server, with CDI from Weld SE and
 * MicroProfile Config from SmallRye Config: the fast target of the protocol suite. The endpoint's
 * configurator finds the services through {@code CDI.current()}, the same seam it uses on every server.
 */
public final class InProcessServer implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 65536;

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
                .addPackages(true, Settings.class, Authenticator.class,
                        io.roomgate.rooms.RoomRegistry.class, io.roomgate.cluster.Backplane.class,
                        FrameEncoder.class, io.roomgate.ws.RoomsEndpoint.class,
                        io.roomgate.demo.DemoKeys.class, io.roomgate.api.RoomgateApi.class,
                        io.roomgate.limits.AddressLimiter.class, io.roomgate.issuer.TokenIssuer.class,
                        RoomgateMetrics.class, AuditLog.class, Lifecycle.class,
                        io.roomgate.startup.StartupCheck.class)
                .initialize();
        port = freePort();
        container = new LoopbackContainer();
        server = new HttpServer();
        var listener = new NetworkListener("roomgate", "127.0.0.1", port);
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        // as Payara is configured (server-config/payara): room for a query token well over the token limit
        listener.setMaxHttpHeaderSize(MAX_HEADER_BYTES);
        listener.registerAddOn(new PeerAddressAddOn());
        listener.registerAddOn(LoopbackAddOn.of(container, "/"));
        server.addListener(listener);
        server.getServerConfiguration().addHttpHandler(api(weld), "/api");
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

    /**
     * The JAX-RS resources, filter and exception mapper of {@code /api} on Jersey. Jersey here has no
     * CDI integration, so it is handed instances built from Weld's beans; and no servlet filter, so
     * {@link GrizzlyCallerAddress} sets the caller-address properties the WAR's filter sets on a server.
     */
    private static HttpHandler api(WeldContainer weld) {
        var settings = weld.select(Settings.class).get();
        var encoder = weld.select(FrameEncoder.class).get();
        var registry = weld.select(RoomRegistry.class).get();
        var authenticator = weld.select(Authenticator.class).get();
        var resources = new ResourceConfig()
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .register(new RevocationResource(weld.select(Revocations.class).get(), settings, encoder,
                        weld.select(AuditLog.class).get(), weld.select(RoomgateMetrics.class).get()))
                .register(new RoomResource(registry, settings, encoder))
                .register(new UserResource(registry, settings, encoder, weld.select(AuditLog.class).get(),
                        weld.select(RoomgateMetrics.class).get()))
                .register(new HealthResource(weld.select(Lifecycle.class).get(), authenticator, encoder,
                        weld.select(io.roomgate.cluster.Backplane.class).get()))
                .register(new ApiExceptions(encoder))
                .register(new BodyLimit(settings, encoder))
                .register(new ApiAuthentication(authenticator, weld.select(AddressLimiter.class).get(), encoder,
                        weld.select(AuditLog.class).get()))
                .register(new MetricsResource(weld.select(RoomgateMetrics.class).get()))
                .register(new MetricsAccess(settings, encoder))
                .register(new GrizzlyCallerAddress(weld.select(RoomgateServices.class).get().addresses()));
        return ContainerFactory.createContainer(GrizzlyHttpContainer.class, resources);
    }

    public static InProcessServer start(Map<String, String> config) {
        return new InProcessServer(config);
    }

    /** A bean of the running application, for measurements only no client could make (the soak test's). */
    public <T> T bean(Class<T> type) {
        return weld.select(type).get();
    }

    public URI rooms() {
        return URI.create("ws://127.0.0.1:" + port + "/rooms");
    }

    /** As a server stops: the application first (its drain closes the connections 1001), then the sockets. */
    @Override
    public void close() {
        weld.shutdown();
        container.stop();
        server.shutdownNow();
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
