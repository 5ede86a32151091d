package io.roomgate.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Fails the run at once when the server's HTTP port ({@code roomgate.it.port}, set by the failsafe
 * execution) is taken on 127.0.0.1. Payara Micro then dies at boot, and its Arquillian adapter does
 * not notice: it would wait for its whole start-up timeout and report nothing useful.
 * Registered in META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension.
 */
public class FreePortCheck implements LoadableExtension {

    static final String PORT_PROPERTY = "roomgate.it.port";

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Checker.class);
    }

    public static class Checker {

        public void beforeStart(@Observes BeforeStart event) {
            String port = System.getProperty(PORT_PROPERTY);
            if (port == null || port.isBlank()) {
                return;
            }
            int number = Integer.parseInt(port.trim());
            try (var socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), number));
            } catch (IOException taken) {
                throw new IllegalStateException("127.0.0.1:" + number + " is already in use (a server left over from an"
                        + " earlier run?); the " + event.getDeployableContainer().getClass().getSimpleName()
                        + " would fail to boot on it. Stop whatever listens there and run again.", taken);
            }
        }
    }
}
