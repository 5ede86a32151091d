package io.roomgate.testing;

import java.net.URI;

/**
 * Where the protocol suite's server runs. The same test classes run against the in-process
 * server ({@code mvn test}) and against the WAR on a real server through Arquillian ({@code mvn verify}).
 */
public final class Target {

    private static volatile URI rooms;
    private static volatile boolean servletFilter = true;

    private Target() {
    }

    /** A deployed WAR: its servlet filter sees the upgrade request before the WebSocket layer does. */
    public static void use(URI roomsEndpoint) {
        use(roomsEndpoint, true);
    }

    public static void use(URI roomsEndpoint, boolean withServletFilter) {
        rooms = roomsEndpoint;
        servletFilter = withServletFilter;
    }

    /** Whether requests can be refused with an HTTP status before the upgrade (PROTOCOL §5's 429). */
    public static boolean refusesBeforeUpgrade() {
        return servletFilter;
    }

    public static URI rooms() {
        if (rooms == null) {
            throw new IllegalStateException("no target: run through InProcessTarget or the Arquillian suite");
        }
        return rooms;
    }

    public static URI rooms(String query) {
        return URI.create(rooms() + "?" + query);
    }

    /** {@code path} of the HTTP API (PROTOCOL §7) of the deployment whose endpoint is {@link #rooms()}. */
    public static URI api(String path) {
        String endpoint = rooms().toString();
        String base = endpoint.substring(0, endpoint.length() - "/rooms".length()).replaceFirst("^ws", "http");
        return URI.create(base + "/api/" + path);
    }
}
