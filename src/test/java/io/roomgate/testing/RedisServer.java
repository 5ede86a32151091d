package io.roomgate.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway Redis for the cluster tests: Debian's {@code redis-server} (the build installs it with
 * {@code src/test/sh/ensure-redis.sh}) on a free loopback port, with nothing persisted and a directory
 * of its own. It can be killed (SIGKILL: a crash, not a shutdown) and restarted on the same port, empty,
 * which is what nodes see when their Redis dies and comes back.
 *
 * <p>As a JUnit 5 extension, {@code @RegisterExtension static final RedisServer REDIS = new RedisServer();}
 * starts it before the class's tests and stops it after them; elsewhere (an IT driving servers of its
 * own) {@link #start()} and {@link #close()} do the same by hand.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private Path directory;
    private int port;
    private Process process;
    private Thread killOnExit;

    /** Starts it on a free port; the port is kept for every {@link #restart()}. */
    public synchronized RedisServer start() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: the build installs it (src/test/sh/ensure-redis.sh), "
                    + "or apt-get install redis-server");
        }
        if (process != null) {
            throw new IllegalStateException("Redis is already running on port " + port);
        }
        try {
            directory = Files.createTempDirectory("roomgate-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = freeLoopbackPort();
        launch();
        killOnExit = new Thread(this::kill, "kill redis-server " + port);
        Runtime.getRuntime().addShutdownHook(killOnExit);
        return this;
    }

    /** {@code redis://127.0.0.1:PORT}, the form {@code roomgate.cluster.redis.url} takes. */
    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    /** The running redis-server's process id: what a benchmark reads its CPU time by. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Redis is not running");
        }
        return process.pid();
    }

    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("Redis has not been started");
        }
        return port;
    }

    /** SIGKILL, as a crash or an OOM kill would: no goodbye to its clients. Waits until it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server " + process.pid() + " outlived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts it again on the same port (after {@link #kill()}, or killing it first): empty, nothing was saved. */
    public synchronized void restart() {
        port();
        kill();
        launch();
    }

    /** Whether it answers PING now (a refused or failed connection is a no). */
    public boolean answersPing() {
        try {
            return "PONG".equals(command("PING"));
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * One command on a fresh connection, for tests that look into Redis or act on it ({@code CLIENT KILL});
     * the reply as a String (simple, bulk or integer reply), a List (array reply) or null (nil).
     * An error reply is thrown as an IllegalStateException carrying Redis's text.
     */
    public Object command(String... arguments) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), (int) IO_TIMEOUT.toMillis());
            socket.setSoTimeout((int) IO_TIMEOUT.toMillis());
            var request = new StringBuilder("*").append(arguments.length).append("\r\n");
            for (String argument : arguments) {
                request.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(argument).append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            return reply(new BufferedInputStream(socket.getInputStream()));
        }
    }

    @Override
    public synchronized void close() {
        kill();
        if (killOnExit != null) {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            killOnExit = null;
        }
        if (directory != null) {
            try {
                Directories.delete(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            directory = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void launch() {
        var builder = new ProcessBuilder(BINARY.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--dir", directory.toString())
                .redirectErrorStream(true)
                // appended: a restart's output follows the earlier run's
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = log();
                kill();
                throw new IllegalStateException("redis-server did not answer PING on port " + port + ":\n" + log);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting Redis", e);
            }
        }
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freeLoopbackPort() {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object reply(InputStream in) throws IOException {
        String line = line(in);
        char type = line.isEmpty() ? '?' : line.charAt(0);
        String rest = line.substring(1);
        return switch (type) {
            case '+', ':' -> rest;
            case '-' -> throw new IllegalStateException(rest);
            case '$' -> bulk(in, Integer.parseInt(rest));
            case '*' -> array(in, Integer.parseInt(rest));
            default -> throw new IOException("not a RESP reply: " + line);
        };
    }

    private static String bulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length != length + 2) {
            throw new IOException("connection closed inside a reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static List<Object> array(InputStream in, int count) throws IOException {
        if (count < 0) {
            return null;
        }
        var elements = new ArrayList<Object>(count);
        for (int i = 0; i < count; i++) {
            elements.add(reply(in));
        }
        return elements;
    }

    private static String line(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] all = bytes.toByteArray();
                return new String(all, 0, all.length - 1, StandardCharsets.UTF_8);
            }
            bytes.write(b);
            previous = b;
        }
        throw new IOException("connection closed before a reply");
    }
}
