package io.roomgate.testing;

import java.net.URI;

/**
 * Where the protocol suite's server runs. The same test classes run against the in-process
 * server ({@code mvn test}) and against the WAR on a real server through Arquillian ({@code mvn verify}).
 */
public final class Target {

    private static volatile URI rooms;

    private Target() {
    }

    public static void use(URI roomsEndpoint) {
        rooms = roomsEndpoint;
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
}
