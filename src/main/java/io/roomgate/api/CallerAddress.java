package io.roomgate.api;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Where an API request comes from. JAX-RS does not say, so {@link CallerAddressFilter} puts both
 * addresses in request attributes, which JAX-RS shows a servlet-hosted resource as properties of
 * its request (ContainerRequestContext#getProperty). Clients cannot set attributes.
 */
public final class CallerAddress {

    /** The TCP peer's address. */
    public static final String PEER = "io.roomgate.api.peer-address";
    /** The client's, as {@code roomgate.net.trusted-proxies} resolves it: for the audit log. */
    public static final String CLIENT = "io.roomgate.api.client-address";

    private CallerAddress() {
    }

    static String peer(ContainerRequestContext request) {
        return (String) request.getProperty(PEER);
    }

    static String client(ContainerRequestContext request) {
        return (String) request.getProperty(CLIENT);
    }
}
