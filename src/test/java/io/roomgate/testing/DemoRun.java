package io.roomgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A README run command started as a user would: in its own copy of the project, as its own process
 * group, serving the demo on 127.0.0.1:8080 (or the port its command was given, {@link RunCommand#onPort}).
 * It can be stopped and started again (a server restart as a client sees it), or killed (a crash); a JVM
 * that exits early still takes the process group with it.
 */
public final class DemoRun {

    public static final int PORT = 8080;
    public static final URI BASE = URI.create("http://127.0.0.1:" + PORT + "/");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(60);

    private final RunCommand command;
    private final int port;
    private final Path project;
    private final Path copy;
    private final Map<String, String> environment;
    private final DemoTokens tokens;
    private Process process;
    private Thread killOnExit;

    /** Nothing is copied or run before {@link #start}; the copy goes to {@code target/smoke/<server>}. */
    public DemoRun(RunCommand command, Path project, Map<String, String> environment) {
        this(command, PORT, project, project.resolve("target/smoke/" + command.slug()), environment);
    }

    /** A run serving on {@code port} (its command says so: {@link RunCommand#onPort}), in the copy {@code copy}. */
    public DemoRun(RunCommand command, int port, Path project, Path copy, Map<String, String> environment) {
        this.command = command;
        this.port = port;
        this.project = project;
        this.copy = copy;
        this.environment = environment;
        this.tokens = new DemoTokens(base());
    }

    /** {@code http://127.0.0.1:PORT/}, where it serves. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** {@code ws://127.0.0.1:PORT/rooms}. */
    public URI rooms() {
        return URI.create("ws://127.0.0.1:" + port + "/rooms");
    }

    public RunCommand command() {
        return command;
    }

    public RunLog log() {
        return new RunLog(console(), copy);
    }

    public DemoTokens tokens() {
        return tokens;
    }

    /**
     * Runs the command and waits until {@code /demo/token} answers; the first token it served. The
     * first start makes a fresh copy of the project, a restart runs in the same copy again.
     */
    public DemoTokens.Token start(String user) throws Exception {
        assertThat(portIsFree()).as("port %d must be free to run the README's commands (is a demo running?)", port).isTrue();
        if (process == null) {
            ProjectCopy.make(project, copy);
        }
        var builder = new ProcessBuilder("setsid", "bash", "-c", command.command())
                .directory(copy.toFile())
                .redirectErrorStream(true)
                // appended: a restart's output follows the first run's, so the log covers both
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        killOnExit = new Thread(() -> signalGroup("TERM"), "kill " + command.slug());
        Runtime.getRuntime().addShutdownHook(killOnExit);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("run command died; see %s", console()).isTrue();
            var token = tokens.fetch(user);
            if (token.isPresent()) {
                return token.get();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no demo token within " + START_TIMEOUT + "; see " + console());
    }

    /** Whether {@link #start} ran its command (it may have died since, or be starting still). */
    public boolean started() {
        return process != null;
    }

    /** Fails unless the run is up: what a test needs first, so a failed start fails it at once. */
    public void requireRunning() {
        assertThat(running()).as("the %s run is not running; see %s", command.server(), console()).isTrue();
    }

    /** Whether the run command is running now (started, and not stopped, killed or dead since). */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGTERM to the whole process group, as Ctrl-C would; nothing of the run may be left afterwards. */
    public void stop() throws Exception {
        end("TERM");
    }

    /** SIGKILL to the whole process group, as a crash or the OOM killer would: no shutdown hook runs. */
    public void kill() throws Exception {
        end("KILL");
    }

    private void end(String signal) throws Exception {
        requireRunning();
        signalGroup(signal);
        assertThat(process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the run command exits on SIG%s", signal).isTrue();
        Runtime.getRuntime().removeShutdownHook(killOnExit);
        // the server may take a few seconds to finish stopping after Maven itself exits
        long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
        while ((!portIsFree() || !leftBehind().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(portIsFree()).as("no server left listening after SIG%s", signal).isTrue();
        assertThat(leftBehind()).as("no process of the run left behind").isEmpty();
    }

    private void signalGroup(String signal) {
        try {
            // the whole group: the server JVM is a child of Maven, never orphaned
            new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid()).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal the run's process group", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path console() {
        return copy.resolve("run.log");
    }

    private List<Long> leftBehind() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(copy.toString()))
                .map(ProcessHandle::pid)
                .toList();
    }

    private boolean portIsFree() {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
