package io.roomgate.inprocess;

import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomgate.testing.HttpApi;
import io.roomgate.testing.InProcessServer;
import io.roomgate.testing.InProcessTarget;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PROTOCOL §4's 1001 {@code Server shutting down} when the application stops: readiness turns DOWN
 * and new connections are turned away first, then every connection is closed, spread over
 * {@code roomgate.shutdown.drain}. In-process only: a suite cannot stop a real server it shares
 * (the README run commands' smoke test sends SIGTERM to one).
 */
@DisplayName("§4 Drain on shutdown")
class DrainTest {

    private static final int CONNECTIONS = 3;

    /** This class starts and stops its own server: none of the other classes' may run beside it. */
    @RegisterExtension
    static final BeforeAllCallback NO_OTHER_SERVER = InProcessTarget::stopRunning;

    private static InProcessServer server;

    @BeforeAll
    static void start() {
        var config = SuiteConfig.standard();
        config.put("roomgate.shutdown.drain", "PT" + CONNECTIONS + "S");
        server = InProcessServer.start(config);
        Target.use(server.rooms(), false);
    }

    @Test
    void stopping_the_application_turns_readiness_down_refuses_newcomers_and_closes_every_connection_1001()
            throws Exception {
        var clients = new WsClient[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            clients[i] = WsClient.connected(Target.rooms(), user("drain-" + i));
        }
        var stopped = CompletableFuture.runAsync(server::close);
        try {
            awaitNotReady();
            try (var latecomer = WsClient.to(Target.rooms()).bearer(user("drain-late")).open()) {
                assertThat(latecomer.awaitClose()).extracting("code", "reason").containsExactly(1001, "Server shutting down");
            }
            for (var client : clients) {
                assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1001, "Server shutting down");
            }
        } finally {
            stopped.get(WsClient.WAIT.toSeconds() + CONNECTIONS, TimeUnit.SECONDS);
            for (var client : clients) {
                client.close();
            }
        }
    }

    /** The drain spreads its closes over seconds: readiness is DOWN well before the last of them. */
    private static void awaitNotReady() {
        await("readiness DOWN").atMost(WsClient.WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> HttpApi.get("health/ready", null).statusCode() == 503);
    }
}
