package io.roomgate.ws;

import io.roomgate.audit.AuditLog;
import io.roomgate.auth.Authenticator;
import io.roomgate.auth.CredentialExtractor;
import io.roomgate.auth.OriginPolicy;
import io.roomgate.auth.Revocations;
import io.roomgate.config.Settings;
import io.roomgate.lifecycle.Lifecycle;
import io.roomgate.limits.AddressLimiter;
import io.roomgate.metrics.RoomgateMetrics;
import io.roomgate.net.ClientAddressResolver;
import io.roomgate.protocol.FrameDecoder;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.rooms.RoomRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;

/**
 * What the WebSocket layer needs, in one bean. Configurators are created by the WebSocket
 * container, where injection is not portable (Payara and Open Liberty do not inject into
 * configurators), so the configurator and the upgrade filter look this bean up through
 * {@link CDI#current()}, once each; endpoints get it with their handshake.
 */
@ApplicationScoped
public class RoomgateServices {

    private Settings settings;
    private Authenticator authenticator;
    private Revocations revocations;
    private RoomRegistry registry;
    private Scheduler scheduler;
    private OriginPolicy originPolicy;
    private CredentialExtractor credentials;
    private FrameEncoder encoder;
    private AddressLimiter addressLimiter;
    private ClientAddressResolver addresses;
    private Lifecycle lifecycle;
    private final FrameDecoder decoder = new FrameDecoder();
    /** Injected into fields: observability is beside the services above, not part of what they are built from. */
    @Inject
    RoomgateMetrics metrics;
    @Inject
    AuditLog audit;

    protected RoomgateServices() {
        // for the CDI proxy
    }

    @Inject
    public RoomgateServices(Settings settings, Authenticator authenticator, Revocations revocations, RoomRegistry registry,
                            Scheduler scheduler, FrameEncoder encoder, AddressLimiter addressLimiter, Lifecycle lifecycle) {
        this.settings = settings;
        this.encoder = encoder;
        this.authenticator = authenticator;
        this.revocations = revocations;
        this.registry = registry;
        this.scheduler = scheduler;
        this.originPolicy = new OriginPolicy(settings.auth().allowedOrigins());
        this.credentials = new CredentialExtractor(originPolicy, settings.auth().cookieName());
        this.addressLimiter = addressLimiter;
        this.addresses = new ClientAddressResolver(settings.trustedProxies());
        this.lifecycle = lifecycle;
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

    public Revocations revocations() {
        return revocations;
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

    public AddressLimiter addressLimiter() {
        return addressLimiter;
    }

    public ClientAddressResolver addresses() {
        return addresses;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public FrameDecoder decoder() {
        return decoder;
    }

    public FrameEncoder encoder() {
        return encoder;
    }

    public RoomgateMetrics metrics() {
        return metrics;
    }

    public AuditLog audit() {
        return audit;
    }
}
