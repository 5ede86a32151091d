package io.roomgate.lifecycle;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * Where the drain starts. On SIGTERM the JVM's shutdown hooks run before any server has taken the
 * application down, and the servers' own hooks close the WebSocket sessions within milliseconds on
 * WildFly and Open Liberty (before {@code contextDestroyed}): Roomgate's hook tells every connection
 * at once. On an undeploy without exit, the web application's {@code contextDestroyed} is the
 * earliest hook the three servers have in common, and the closes are spread over
 * {@code roomgate.shutdown.drain} where the server lets them (Payara; WildFly has closed the
 * sessions already, with 1001 and no reason). The CDI context's end runs the drain too, where no
 * servlet container is (the in-process tests).
 */
@WebListener
public class DrainListener implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(DrainListener.class.getName());

    private Drain drain;
    private Thread onExit;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // once, at start: a CDI lookup at the end may find the container already going
        drain = CDI.current().select(Drain.class).get();
        var whenExiting = drain;
        onExit = new Thread(() -> {
            try {
                whenExiting.runAtOnce();
            } catch (RuntimeException containerGone) {
                // the server took the application down first: its own close of the sockets stands
                LOG.fine(() -> "Drain on exit not run: " + containerGone.getClass().getName());
            }
        }, "roomgate-drain");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        try {
            if (drain != null) {
                drain.run();
            }
        } finally {
            forgetHook();
        }
    }

    /** An undeploy must not leave a hook holding this application's classes, whatever the drain did. */
    private void forgetHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException exiting) {
            LOG.fine("JVM exiting: the drain's hook is running or has run");
        }
    }
}
