package io.roomgate.api;

import io.roomgate.protocol.FrameEncoder;
import io.roomgate.cluster.ClusterUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every answer under {@code /api/} is the JSON error body, also for what JAX-RS turns away itself
 * (no such path 404, method 405, media type 415): the container's HTML error page would name the
 * server. Anything else that escapes a resource is a 500 {@code Internal error}, its text never sent.
 */
@Provider
@ApplicationScoped
public class ApiExceptions implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiExceptions.class.getName());

    private ApiProblem problems;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public ApiExceptions() {
    }

    @Inject
    public ApiExceptions(FrameEncoder encoder) {
        this.problems = new ApiProblem(encoder);
    }

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof WebApplicationException refused) {
            var original = refused.getResponse();
            var answer = Response.fromResponse(problems.ofStatus(original.getStatus()));
            // 405's list of the methods there are: useful, and nothing about the server
            String allow = original.getHeaderString(HttpHeaders.ALLOW);
            return allow == null ? answer.build() : answer.header(HttpHeaders.ALLOW, allow).build();
        }
        if (failure instanceof ClusterUnavailableException) {
            // PROTOCOL §9: the effect could not be made cluster-wide, and is not acknowledged
            return problems.clusterUnavailable();
        }
        // the class only at WARNING: an exception's message may quote the request
        LOG.warning(() -> "API call failed: " + failure.getClass().getName());
        LOG.log(Level.FINE, "API call failure", failure);
        return problems.ofStatus(Response.Status.INTERNAL_SERVER_ERROR.getStatusCode());
    }
}
