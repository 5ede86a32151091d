package io.roomgate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomgate.testing.InProcessServer;
import io.roomgate.testing.InProcessTarget;
import io.roomgate.testing.SuiteConfig;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tiny run of the history bench's workloads against an in-process server keeping history, in
 * every test run: they still speak PROTOCOL §8 (every recovery complete, every room full). Correctness
 * only, never timings.
 */
class HistoryWorkloadsTest {

    private static final int SIZE = 20;

    @RegisterExtension
    static final BeforeAllCallback NO_OTHER_SERVER = InProcessTarget::stopRunning;

    private static InProcessServer server;
    private Workloads workloads;

    @BeforeAll
    static void start() {
        var config = SuiteConfig.standard();
        config.put("roomgate.history.size", String.valueOf(SIZE));
        // the fill's one connection joins its rooms twice and sends as fast as it can
        config.put("roomgate.limits.joins-per-second", "10000");
        config.put("roomgate.limits.join-burst", "10000");
        config.put("roomgate.limits.frames-per-second", "10000");
        config.put("roomgate.limits.frame-burst", "10000");
        config.put("roomgate.limits.bytes-per-second", String.valueOf(100 << 20));
        config.put("roomgate.limits.byte-burst", String.valueOf(100 << 20));
        server = InProcessServer.start(config);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void driver() {
        var self = new ProcessStats(ProcessHandle.current().pid());
        workloads = new Workloads(HttpClient.newHttpClient(), server.rooms(), new TestTokenSource(), self::cpuNanos);
    }

    @AfterEach
    void stopDriver() {
        workloads.close();
    }

    @Test
    void recovery_workload_gets_every_missed_message_back_each_time() throws InterruptedException {
        try (var recovery = workloads.recovery(server.rooms(), server.rooms())) {
            var result = recovery.run(3, SIZE);
            assertThat(result.recovered()).isEqualTo(3);
            assertThat(result.latency().count()).isEqualTo(3);
        }
    }

    @Test
    void recovery_workload_counts_a_drop_that_missed_more_than_the_history_keeps_as_not_recovered() throws InterruptedException {
        try (var recovery = workloads.recovery(server.rooms(), server.rooms())) {
            var result = recovery.run(2, SIZE + 1);
            assertThat(result.recovered()).isZero();
            assertThat(result.failed()).isEqualTo(2);
        }
    }

    @Test
    void history_fill_leaves_every_room_full() throws InterruptedException {
        try (var fill = workloads.historyFill(5, SIZE, 1024)) {
            var result = fill.fill();
            assertThat(result.full()).isEqualTo(5);
        }
    }

    @Test
    void history_fill_fails_when_the_server_refuses_its_frames() throws InterruptedException {
        // a message of 2 MB is above the frame limit (64 KB): refused, so the fill is no fill
        try (var fill = workloads.historyFill(1, 1, 2 << 20)) {
            assertThatThrownBy(fill::fill).isInstanceOf(IllegalStateException.class);
        }
    }
}
