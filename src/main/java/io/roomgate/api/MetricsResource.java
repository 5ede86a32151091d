package io.roomgate.api;

import io.roomgate.metrics.RoomgateMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/metrics}: the Prometheus text exposition of {@link RoomgateMetrics}, for scrapers {@link MetricsAccess} admits. */
@Path("metrics")
@MetricsScrape
@ApplicationScoped
public class MetricsResource {

    private RoomgateMetrics metrics;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public MetricsResource() {
    }

    @Inject
    public MetricsResource(RoomgateMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    public Response scrape() {
        return Response.ok(metrics.scrape(), RoomgateMetrics.CONTENT_TYPE).build();
    }
}
