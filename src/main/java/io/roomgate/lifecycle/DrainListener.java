package io.roomgate.lifecycle;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The earliest end-of-application hook the three servers have in common: the web application's own
 * {@code contextDestroyed}. Listeners are told in reverse order of registration, so this one hears
 * before the CDI container's (registered ahead of the application's) and, as far as the servers'
 * sources suggest, while the WebSocket sessions are still open: not yet checked on a running server
 * (the smoke test's SIGTERM step does). The CDI context's end runs the drain too, where no servlet
 * container is (the in-process tests).
 */
@WebListener
public class DrainListener implements ServletContextListener {

    private Drain drain;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // once, at start: a CDI lookup at the end may find the container already going
        drain = CDI.current().select(Drain.class).get();
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (drain != null) {
            drain.run();
        }
    }
}
