package org.glassfish.tyrus.container.grizzly.server;

import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.grizzly.http.server.AddOn;

/**
 * Test-only door to Tyrus's Grizzly add-on, whose constructor is package-private. Tyrus's own
 * Grizzly server always listens on 0.0.0.0; the in-process target must listen on 127.0.0.1 only.
 */
public final class LoopbackAddOn {

    private LoopbackAddOn() {
    }

    public static AddOn of(ServerContainer container, String contextPath) {
        return new WebSocketAddOn(container, contextPath);
    }
}
