package io.roomgate.lifecycle;

import io.roomgate.config.Settings;
import io.roomgate.protocol.Close;
import io.roomgate.rooms.Peer;
import io.roomgate.rooms.RoomRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The graceful end (PROTOCOL §4, §9): readiness turns DOWN and new upgrades are refused first, then
 * every connection is closed 1001 {@code Server shutting down}, the closes spread evenly over
 * {@code roomgate.shutdown.drain} so that the clients' reconnects do not all land on the other nodes
 * at once. Runs once, from whichever hook comes first: the web application's end
 * ({@link DrainListener}) or the CDI application context's.
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class.getName());
    /**
     * How long the last closes get to be answered before the container takes the sockets down itself
     * (unauthenticated sockets are not closed here: they wait the whole of it, once).
     */
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 20;

    private Lifecycle lifecycle;
    private RoomRegistry registry;
    private Duration spread;

    protected Drain() {
        // for the CDI proxy
    }

    @Inject
    public Drain(Lifecycle lifecycle, RoomRegistry registry, Settings settings) {
        this.lifecycle = lifecycle;
        this.registry = registry;
        this.spread = settings.shutdownDrain();
    }

    void onApplicationEnd(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        run();
    }

    /** The undeploy's drain: the closes spread over {@code roomgate.shutdown.drain}. */
    public void run() {
        run(spread);
    }

    /**
     * The drain of a JVM that is exiting (SIGTERM): every connection is told at once. WildFly and Open
     * Liberty stop their WebSocket containers within tens of milliseconds of the signal, closing what
     * is left without the reason (WildFly: 1001 and no reason; Liberty: no close frame at all), so a
     * spread would give most clients no reason; the clients spread their reconnects themselves (the
     * browser client's first delay after a 1001 is random up to 5 s).
     */
    public void runAtOnce() {
        lifecycle.markExitDrain();
        run(Duration.ZERO, true);
    }

    private void run(Duration spread) {
        run(spread, false);
    }

    /**
     * @param now close each connection at once, on this thread, dropping what is still queued to it:
     *            behind a send still in flight the close would wait for that send's completion and lose
     *            the race against the server's own close; the server is going anyway
     */
    private void run(Duration spread, boolean now) {
        if (!lifecycle.startDraining()) {
            return;
        }
        List<Peer> peers = registry.peers();
        long start = System.nanoTime();
        for (int i = 0; i < peers.size(); i++) {
            awaitNanos(start + spread.toNanos() * i / peers.size());
            var outbox = peers.get(i).outbox();
            if (now) {
                outbox.abort(Close.SHUTTING_DOWN);
            } else {
                outbox.closeAfterFlush(Close.SHUTTING_DOWN);
            }
        }
        // logged after the closes: on an exiting JVM the log manager's own hook may hold its handlers
        LOG.info(() -> "Shutting down: closed " + peers.size() + " connection(s) over " + spread);
        long flushDeadline = System.nanoTime() + FLUSH_WAIT.toNanos();
        while (lifecycle.openSockets() > 0 && System.nanoTime() - flushDeadline < 0) {
            sleep(POLL_MILLIS);
        }
    }

    private static void awaitNanos(long deadline) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            sleep(TimeUnit.NANOSECONDS.toMillis(left));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // the server wants to be done now: what is left closes with the container
            Thread.currentThread().interrupt();
        }
    }
}
