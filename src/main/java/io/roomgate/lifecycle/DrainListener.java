package io.roomgate.lifecycle;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The earliest end-of-application hook every server runs: the web application's own
 * {@code contextDestroyed}, before the CDI container's listener (registered ahead of the
 * application's, so told after it) and, on the servers checked, while the WebSocket sessions are
 * still open. The CDI context's end runs the drain too, where no servlet container is (tests).
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
