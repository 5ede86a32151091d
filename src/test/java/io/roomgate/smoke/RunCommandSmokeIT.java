package io.roomgate.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.Frame;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's run commands, exactly as written there, each run in a copy of the project: the
 * server must come up on 127.0.0.1:8080 in demo mode, see an environment variable through
 * MicroProfile Config, serve a token and a WebSocket, and stop with its process group on SIGTERM.
 */
class RunCommandSmokeIT {

    private static final Pattern RUN_ROW = Pattern.compile("^\\| ([^|]+?) \\| `(mvn [^`]+)` \\|.*$");
    private static final URI TOKEN = URI.create("http://127.0.0.1:8080/demo/token?user=smoke-user");
    private static final URI ROOMS = URI.create("ws://127.0.0.1:8080/rooms");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    static Stream<String[]> readmeRunCommands() throws IOException {
        var rows = Files.readAllLines(PROJECT.resolve("README.md")).stream()
                .map(RUN_ROW::matcher)
                .filter(Matcher::matches)
                .map(m -> new String[] {m.group(1).trim(), m.group(2)})
                .toList();
        assertThat(rows).as("run-command rows in README.md").isNotEmpty();
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("readmeRunCommands")
    void the_readme_run_command_serves_the_demo_and_stops_cleanly(String server, String command) throws Exception {
        assertThat(portIsFree(8080)).as("port 8080 must be free to smoke-test the run commands (is a demo running?)").isTrue();
        Path copy = copyProject(server);
        var process = new ProcessBuilder("setsid", "bash", "-c", command)
                .directory(copy.toFile())
                .redirectErrorStream(true)
                .redirectOutput(copy.resolve("run.log").toFile());
        process.environment().put("ROOMGATE_ROOMS_DEFAULT", "smoke-lobby");
        Process run = process.start();
        try {
            String token = awaitToken(run, copy);
            try (var client = WsClient.to(ROOMS).subprotocols("rooms.v1", "bearer." + token).open()) {
                Frame connected = client.expect("hub:connected");
                assertThat(connected.payload().getString("userId")).isEqualTo("smoke-user");
                assertThat(connected.payload().getJsonArray("rooms").getString(0))
                        .as("ROOMGATE_ROOMS_DEFAULT reached MicroProfile Config").isEqualTo("smoke-lobby");
            }
        } finally {
            // the whole group: the server JVM is a child of Maven, never orphaned
            new ProcessBuilder("kill", "-TERM", "--", "-" + run.pid()).start().waitFor();
        }
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).as("the run command exits on SIGTERM").isTrue();
        // the server may take a few seconds to finish stopping after Maven itself exits
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((!portIsFree(8080) || !leftBehind(copy).isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(portIsFree(8080)).as("no server left listening after SIGTERM").isTrue();
        assertThat(leftBehind(copy)).as("no process of the run left behind").isEmpty();
    }

    private static List<Long> leftBehind(Path copy) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(copy.toString()))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static String awaitToken(Process run, Path copy) throws Exception {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(run.isAlive()).as("run command died; see %s", copy.resolve("run.log")).isTrue();
            try {
                var response = http.send(HttpRequest.newBuilder(TOKEN).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    try (var reader = Json.createReader(new StringReader(response.body()))) {
                        var body = reader.readObject();
                        assertThat(body.getJsonNumber("expiresAt").longValue()).isPositive();
                        return body.getString("token");
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no demo token within " + START_TIMEOUT + "; see " + copy.resolve("run.log"));
    }

    private static Path copyProject(String server) throws IOException {
        Path copy = PROJECT.resolve("target/smoke/" + server.toLowerCase().replaceAll("[^a-z0-9]+", "-"));
        deleteRecursively(copy);
        for (String entry : List.of("pom.xml", "src", "server-config", ".mvn")) {
            Path source = PROJECT.resolve(entry);
            if (Files.exists(source)) {
                copyRecursively(source, copy.resolve(entry));
            }
        }
        return copy;
    }

    private static void copyRecursively(Path source, Path target) throws IOException {
        try (var paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static boolean portIsFree(int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
