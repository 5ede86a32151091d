package io.roomgate.testing;

import io.roomgate.api.CallerAddress;
import io.roomgate.net.ClientAddressResolver;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import java.util.List;
import org.glassfish.grizzly.http.server.Request;

/**
 * The in-process stand-in for the WAR's servlet filter that hands the API its callers' addresses
 * ({@link CallerAddress}): Jersey on Grizzly has no servlet request to carry them.
 */
@PreMatching
final class GrizzlyCallerAddress implements ContainerRequestFilter {

    private final ClientAddressResolver resolver;
    @Context
    private Provider<Request> grizzly;

    GrizzlyCallerAddress(ClientAddressResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String peer = grizzly.get().getRemoteAddr();
        var forwardedFor = request.getHeaders().getOrDefault("X-Forwarded-For", List.of());
        request.setProperty(CallerAddress.PEER, peer);
        request.setProperty(CallerAddress.CLIENT, resolver.resolve(peer, forwardedFor));
    }
}
