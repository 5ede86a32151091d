package io.roomgate.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.roomgate.browser.DemoPageScenarios;
import io.roomgate.testing.DemoRun;
import io.roomgate.testing.DemoTokens;
import io.roomgate.testing.Frame;
import io.roomgate.testing.RunCommand;
import io.roomgate.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/**
 * The README's run commands, exactly as written there, each run in a copy of the project: the
 * server must come up on 127.0.0.1:8080 in demo mode, see an environment variable through
 * MicroProfile Config, serve a token and a WebSocket, serve the demo page to a real browser
 * ({@link DemoPageScenarios}), and stop with its process group on SIGTERM, its connections closed
 * 1001 {@code Server shutting down} on the way (PROTOCOL §4). One start per server
 * serves all of it, plus the restart the restart scenario is about; the steps run in order.
 */
class RunCommandSmokeIT {

    private static final URI ROOMS = URI.create("ws://127.0.0.1:8080/rooms");
    private static final String DEFAULT_ROOM = "smoke-lobby";
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    @TestFactory
    Stream<DynamicContainer> each_readme_run_command() throws IOException {
        var commands = RunCommand.fromReadme(PROJECT.resolve("README.md"));
        assertThat(commands).as("run-command rows in README.md").isNotEmpty();
        return commands.stream().map(RunCommandSmokeIT::checks);
    }

    private static DynamicContainer checks(RunCommand command) {
        var run = new DemoRun(command, PROJECT, Map.of("ROOMGATE_ROOMS_DEFAULT", DEFAULT_ROOM));
        var page = new DemoPageScenarios(run, PROJECT.resolve("target/browser/" + command.slug()));
        return dynamicContainer(command.server() + ": " + command.command(), Stream.of(
                dynamicTest("serves a token (with a bounded ttl) and a WebSocket in demo mode, with ROOMGATE_* from the environment",
                        () -> servesTokenAndWebSocket(run)),
                dynamicTest("page: two users chat and see each other's presence", page::chat),
                dynamicTest("page: a kicked user is told why and does not reconnect", page::kick),
                dynamicTest("page: a short-lived token is refreshed without a reconnect", page::tokenRefresh),
                dynamicTest("page: an invalid pasted token is refused once, with the reason", page::invalidToken),
                dynamicTest("page: a join the token's permissions refuse is explained", page::refusedJoin),
                dynamicTest("page: a dropped connection recovers the messages it missed, once and in order", page::recovery),
                dynamicTest("page: after a server restart the page reconnects and re-joins its room", page::restart),
                dynamicTest("on SIGTERM closes its connections 1001 and stops with its whole process group",
                        () -> drainsAndStops(run, command.server()))));
    }

    /**
     * WildFly suspends on SIGTERM, and its suspend closes every WebSocket session itself (1001, no
     * reason) at the moment Roomgate's shutdown hook closes them with the reason: whichever close is
     * first reaches the client (both seen in this test). The code is 1001 either way, which is what a
     * client acts on; the other servers let Roomgate's close through.
     */
    private static void drainsAndStops(DemoRun run, String server) throws Exception {
        run.requireRunning();
        var token = run.tokens().fetch("smoke-drain").orElseThrow(() -> new AssertionError("no demo token"));
        try (var client = WsClient.to(ROOMS).subprotocols("rooms.v1", "bearer." + token.token()).open()) {
            client.expect("hub:connected");
            run.stop();
            var closure = client.awaitClose();
            assertThat(closure.code()).isEqualTo(1001);
            if (server.equals("WildFly")) {
                assertThat(closure.reason()).isIn("Server shutting down", "");
            } else {
                assertThat(closure.reason()).isEqualTo("Server shutting down");
            }
        }
    }

    private static void servesTokenAndWebSocket(DemoRun run) throws Exception {
        var token = run.start("smoke-user");
        assertThat(token.expiresAt()).isPositive();
        try (var client = WsClient.to(ROOMS).subprotocols("rooms.v1", "bearer." + token.token()).open()) {
            Frame connected = client.expect("hub:connected");
            assertThat(connected.payload().getString("userId")).isEqualTo("smoke-user");
            assertThat(connected.payload().getJsonArray("rooms").getString(0))
                    .as("ROOMGATE_ROOMS_DEFAULT reached MicroProfile Config").isEqualTo(DEFAULT_ROOM);
        }
        var shortLived = run.tokens().get("user=smoke-user&ttl=70");
        assertThat(shortLived.statusCode()).isEqualTo(200);
        assertThat(DemoTokens.token(shortLived).expiresAt() - Instant.now().getEpochSecond()).isBetween(55L, 75L);
        assertThat(run.tokens().get("user=smoke-user&ttl=5").statusCode()).as("ttl below 10 s").isEqualTo(400);
        assertThat(run.tokens().get("user=smoke-user&ttl=soon").statusCode()).as("ttl not a number").isEqualTo(400);
        assertThat(run.tokens().get("user=smoke-user&permissions=fly:lobby").statusCode()).as("unknown action").isEqualTo(400);
    }
}
