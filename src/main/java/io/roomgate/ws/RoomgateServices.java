package io.roomgate.ws;

import io.roomgate.auth.Authenticator;
import io.roomgate.auth.CredentialExtractor;
import io.roomgate.auth.OriginPolicy;
import io.roomgate.config.Settings;
import io.roomgate.protocol.FrameDecoder;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.rooms.RoomRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;

/**
 * What the WebSocket layer needs, in one bean. Endpoints and configurators are created by the
 * WebSocket container, where injection is not portable (Payara and Open Liberty do not inject
 * into configurators), so they look this bean up through {@link CDI#current()}.
 */
@ApplicationScoped
public class RoomgateServices {

    private Settings settings;
    private Authenticator authenticator;
    private RoomRegistry registry;
    private Scheduler scheduler;
    private OriginPolicy originPolicy;
    private CredentialExtractor credentials;
    private FrameEncoder encoder;
    private final FrameDecoder decoder = new FrameDecoder();

    protected RoomgateServices() {
        // for the CDI proxy
    }

    @Inject
    public RoomgateServices(Settings settings, Authenticator authenticator, RoomRegistry registry, Scheduler scheduler,
                            FrameEncoder encoder) {
        this.settings = settings;
        this.encoder = encoder;
        this.authenticator = authenticator;
        this.registry = registry;
        this.scheduler = scheduler;
        this.originPolicy = new OriginPolicy(settings.auth().allowedOrigins());
        this.credentials = new CredentialExtractor(originPolicy, settings.auth().cookieName());
    }

    public static RoomgateServices current() {
        return CDI.current().select(RoomgateServices.class).get();
    }

    public Settings settings() {
        return settings;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public RoomRegistry registry() {
        return registry;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    public CredentialExtractor credentials() {
        return credentials;
    }

    public FrameDecoder decoder() {
        return decoder;
    }

    public FrameEncoder encoder() {
        return encoder;
    }
}
