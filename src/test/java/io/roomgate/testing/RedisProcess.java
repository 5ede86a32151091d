package io.roomgate.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code redis-server} of the test's own, on a free loopback port, without persistence (so a
 * restart comes back empty, as a lost Redis does). Stopped by its own process handle only, never by
 * name; {@link #kill()} is a SIGKILL, {@link #restart()} starts a fresh one on the same port.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path log;
    private Process process;

    private RedisProcess(int port) throws IOException {
        this.port = port;
        this.log = Files.createTempFile("roomgate-redis-", ".log");
        launch();
    }

    /** @throws IllegalStateException when {@code redis-server} is not installed */
    public static RedisProcess start() {
        try {
            return new RedisProcess(freePort());
        } catch (IOException e) {
            throw new IllegalStateException("redis-server did not start", e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** As a crash: SIGKILL, nothing flushed, clients see their connections drop. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A fresh, empty server on the same port. */
    public void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server did not restart", e);
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(log));
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                // polling the port is the readiness signal redis-server gives
                Thread.onSpinWait();
            }
        }
        throw new IOException("redis-server did not listen within " + START_TIMEOUT);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
