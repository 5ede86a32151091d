package io.roomgate.ws;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The one timer service for every connection's deadlines. Uses the server's default managed
 * scheduler; outside a Jakarta EE server (the in-process test target) it runs one daemon thread.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    private static final String MANAGED = "java:comp/DefaultManagedScheduledExecutorService";

    private ScheduledExecutorService executor;
    private boolean owned;

    @PostConstruct
    void start() {
        try {
            executor = (ScheduledExecutorService) new InitialContext().lookup(MANAGED);
        } catch (NamingException | ClassCastException e) {
            LOG.fine("No managed scheduler; using an own timer thread");
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                var thread = new Thread(runnable, "roomgate-timers");
                thread.setDaemon(true);
                return thread;
            });
            owned = true;
        }
    }

    /** Runs work off the calling thread: socket callbacks must not re-enter the registry inline. */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (owned) {
            executor.shutdownNow();
        }
    }
}
