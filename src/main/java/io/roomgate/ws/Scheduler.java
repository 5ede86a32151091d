package io.roomgate.ws;

import io.roomgate.rooms.Delays;
import io.roomgate.threads.ManagedThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The one timer service for every connection's deadlines, and the threads work runs on off the
 * container's, all from the server's managed thread factory (outside a Jakarta EE server, the
 * in-process test target, or where the lookup fails: daemon threads of its own).
 * <p>
 * Timers run on one thread of their own, not on the server's managed scheduler: a managed task
 * captures and restores the component's context (naming, security, transaction, class loader) around
 * its run, which on WildFly held about 0.9 KB of heap per connection (two armed timers) and took a
 * share of every handshake's CPU (issue 6); a connection's deadlines need none of it. The timer
 * thread only hands a due deadline to the work pool: what it does there sends frames, and one slow
 * send must not hold up every other deadline.
 * <p>
 * Closes and the registry's clean-up after a close each run on a bounded pool of their own:
 * Payara's default managed scheduler has a single thread, and a burst of closes queued their
 * presence broadcasts behind each other there for seconds, while the closed connections still
 * counted against their users' limits.
 */
@ApplicationScoped
public class Scheduler implements Delays {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    /**
     * Open Liberty's Session.close() can wait up to about a minute for the connection's pending read:
     * enough threads that a burst of vanishing clients does not hold up the next closes for long, and
     * a bound so that a mass disconnect queues closes instead of starting a thread for each.
     */
    private static final int CLOSE_THREADS = 32;
    /** The clean-up is short and never blocks on a socket (sends are asynchronous): a few threads per core. */
    private static final int WORK_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private ScheduledThreadPoolExecutor timers;
    private ThreadPoolExecutor closer;
    private ThreadPoolExecutor worker;

    @PostConstruct
    void start() {
        ThreadFactory managed = ManagedThreads.managed().orElse(null);
        // it only hands due tasks over (schedule): one thread keeps up with thousands of them
        timers = new ScheduledThreadPoolExecutor(1, managed != null ? managed : ManagedThreads.daemon("roomgate-timers"));
        // a refreshed token cancels its two tasks: gone from the queue at once, not at their old deadline
        timers.setRemoveOnCancelPolicy(true);
        closer = pool(CLOSE_THREADS, managed != null ? managed : ManagedThreads.daemon("roomgate-close"));
        worker = pool(WORK_THREADS, managed != null ? managed : ManagedThreads.daemon("roomgate-work"));
    }

    private static ThreadPoolExecutor pool(int size, ThreadFactory threads) {
        var pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Runs a task that may block on the container (closing a socket) on threads that are neither the
     * caller's nor the container's.
     *
     * @throws RejectedExecutionException once the application is stopping
     */
    public void executeBlocking(Runnable task) {
        closer.execute(task);
    }

    /**
     * Runs work off the calling thread (socket callbacks must not re-enter the registry inline) and
     * off the timers' thread.
     *
     * @throws RejectedExecutionException once the application is stopping
     */
    public void execute(Runnable task) {
        worker.execute(task);
    }

    /** Runs {@code task} on the work pool once {@code delay} has passed, unless cancelled first. */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timers.schedule(() -> execute(logged(task)), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The registry's presence summaries (PROTOCOL §2.0) tick on the connections' timer. */
    @Override
    public void after(Duration delay, Runnable task) {
        schedule(task, delay);
    }

    /** A failing deadline is reported by its kind alone: nothing of a message or stack reaches the log. */
    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warning(() -> "A connection deadline failed: " + e.getClass().getName());
            }
        };
    }

    /** Interrupts closes still waiting: the container closes its sessions itself when the application stops. */
    @PreDestroy
    void stop() {
        closer.shutdownNow();
        worker.shutdownNow();
        timers.shutdownNow();
    }
}
