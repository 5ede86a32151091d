package io.roomgate.ws;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The one timer service for every connection's deadlines, and the threads sessions are closed on.
 * Uses the server's default managed scheduler; outside a Jakarta EE server (the in-process test
 * target), or where the lookup fails, it runs one daemon thread.
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    private static final String MANAGED = "java:comp/DefaultManagedScheduledExecutorService";
    private static final String MANAGED_THREADS = "java:comp/DefaultManagedThreadFactory";

    private ScheduledExecutorService executor;
    private boolean owned;
    /**
     * Threads of our own (from the server's managed thread factory where the lookup works) for calls that
     * may block on the container: Open Liberty's Session.close() can wait seconds for the connection's
     * pending read, and on the one timer thread or a container thread that wait would hold up deadlines or
     * the very I/O it waits for.
     */
    private ExecutorService blocking;

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
        ThreadFactory threads;
        try {
            threads = (ThreadFactory) new InitialContext().lookup(MANAGED_THREADS);
        } catch (NamingException | ClassCastException e) {
            threads = runnable -> {
                var thread = new Thread(runnable, "roomgate-close");
                thread.setDaemon(true);
                return thread;
            };
        }
        blocking = Executors.newCachedThreadPool(threads);
    }

    /** Runs a task that may block (closing a socket) on threads that are neither the caller's nor the container's. */
    public void executeBlocking(Runnable task) {
        blocking.execute(task);
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
        blocking.shutdown();
        if (owned) {
            executor.shutdownNow();
        }
    }
}
