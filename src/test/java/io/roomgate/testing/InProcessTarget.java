package io.roomgate.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one in-process server with the suite's configuration for the whole test run and points
 * {@link Target} at it.
 */
public final class InProcessTarget implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        var server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(InProcessTarget.class, key -> new Running(InProcessServer.start(SuiteConfig.standard())),
                        Running.class);
        Target.use(server.server().rooms());
    }

    /** Closed by JUnit when the run ends. */
    private record Running(InProcessServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
