package io.roomgate.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the in-process server with the configuration the test class asks for ({@link ServerConfig})
 * and points {@link Target} at it. One server at a time (one CDI container per JVM): it is reused
 * by every class wanting the same configuration and replaced when another one is needed.
 */
public final class InProcessTarget implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(InProcessTarget.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        var wanted = context.getRequiredTestClass().isAnnotationPresent(ServerConfig.class)
                ? context.getRequiredTestClass().getAnnotation(ServerConfig.class).value()
                : ServerConfig.Kind.STANDARD;
        var store = context.getRoot().getStore(NAMESPACE);
        var running = store.get(Running.class, Running.class);
        if (running != null && running.kind() != wanted) {
            store.remove(Running.class);
            running.close();
            running = null;
        }
        if (running == null) {
            running = new Running(wanted, InProcessServer.start(wanted.config()));
            store.put(Running.class, running);
        }
        Target.use(running.server().rooms(), false);
    }

    /**
     * Stops the server this extension runs, if any, for a test that starts and stops servers of its
     * own (one CDI container per JVM); the next class that wants one starts it afresh.
     */
    public static void stopRunning(ExtensionContext context) {
        var running = context.getRoot().getStore(NAMESPACE).remove(Running.class, Running.class);
        if (running != null) {
            running.close();
        }
    }

    /** Closed by JUnit when the run ends, or above when another configuration is needed. */
    private record Running(ServerConfig.Kind kind, InProcessServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
