package io.roomgate.threads;

import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Threads for Roomgate's own work: the server's managed thread factory where there is one (its
 * threads carry the application's context and the server accounts for them), daemon threads of our
 * own outside a Jakarta EE server (the in-process test target) or where the lookup fails.
 */
public final class ManagedThreads {

    private static final Logger LOG = Logger.getLogger(ManagedThreads.class.getName());
    private static final String MANAGED_THREADS = "java:comp/DefaultManagedThreadFactory";

    private ManagedThreads() {
    }

    /** The server's factory, looked up from the calling (application) thread. */
    public static Optional<ThreadFactory> managed() {
        try {
            return Optional.of((ThreadFactory) new InitialContext().lookup(MANAGED_THREADS));
        } catch (NamingException | ClassCastException e) {
            LOG.fine("No managed thread factory; Roomgate runs its work on own threads");
            return Optional.empty();
        }
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, …: they never hold a JVM open. */
    public static ThreadFactory daemon(String name) {
        var count = new AtomicInteger();
        return runnable -> {
            var thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
