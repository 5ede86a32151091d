package io.roomgate.api;

import io.roomgate.auth.Authenticator;
import io.roomgate.cluster.Backplane;
import io.roomgate.lifecycle.Lifecycle;
import io.roomgate.protocol.FrameEncoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/health/live|ready|started}: MicroProfile-Health-shaped answers, 200 when UP and 503
 * when DOWN, without authentication (load balancers and orchestrators call them). Served by the WAR
 * itself: no server's own health endpoint is the same on all three, and Payara's {@code /health}
 * would clash with ours at the root. Liveness never depends on the identity provider.
 */
@Path("health")
@ApplicationScoped
public class HealthResource {

    static final String UP = "UP";
    static final String DOWN = "DOWN";

    private Lifecycle lifecycle;
    private Authenticator authenticator;
    private FrameEncoder encoder;
    private Backplane backplane;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public HealthResource() {
    }

    @Inject
    public HealthResource(Lifecycle lifecycle, Authenticator authenticator, FrameEncoder encoder, Backplane backplane) {
        this.lifecycle = lifecycle;
        this.authenticator = authenticator;
        this.encoder = encoder;
        this.backplane = backplane;
    }

    /** The application answers: nothing else is asked, so a slow or absent IdP never gets it restarted. */
    @GET
    @Path("live")
    public Response live() {
        return answer(List.of(new Check("roomgate", UP)));
    }

    /**
     * Started, a usable verification key, not draining and, in a cluster, connected to the backplane:
     * worth sending clients to (a node cut off from the others serves only its own connections, PROTOCOL §9).
     */
    @GET
    @Path("ready")
    public Response ready() {
        var checks = new ArrayList<>(List.of(startedCheck(),
                check("verification-key", authenticator.keyUsable()),
                check("accepting-connections", !lifecycle.isDraining())));
        backplane.state().ifPresent(cluster -> checks.add(check("backplane", cluster.available())));
        return answer(checks);
    }

    @GET
    @Path("started")
    public Response started() {
        return answer(List.of(startedCheck()));
    }

    private Check startedCheck() {
        return check("started", lifecycle.isStarted());
    }

    private static Check check(String name, boolean up) {
        return new Check(name, up ? UP : DOWN);
    }

    private Response answer(List<Check> checks) {
        boolean up = checks.stream().allMatch(check -> UP.equals(check.status()));
        var cacheControl = new CacheControl();
        cacheControl.setNoStore(true);
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(encoder.encodeBody(new Report(up ? UP : DOWN, checks)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(cacheControl)
                .build();
    }

    @JsonbPropertyOrder({"status", "checks"})
    public record Report(String status, List<Check> checks) {
    }

    @JsonbPropertyOrder({"name", "status"})
    public record Check(String name, String status) {
    }
}
