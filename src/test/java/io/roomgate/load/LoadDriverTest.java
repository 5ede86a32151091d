package io.roomgate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomgate.testing.InProcessTarget;
import io.roomgate.testing.Target;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tiny run of every load-driver workload against the in-process server, in every {@code mvn
 * verify}: it proves the driver still speaks the protocol. It asserts correctness only (nothing
 * lost, no forged token accepted), never timings; the figures are the bench profile's job.
 */
@ExtendWith(InProcessTarget.class)
class LoadDriverTest {

    private Workloads workloads;

    @BeforeEach
    void driver() {
        var self = new ProcessStats(ProcessHandle.current().pid());
        workloads = new Workloads(HttpClient.newHttpClient(), Target.rooms(), new TestTokenSource(), self::cpuNanos);
    }

    @AfterEach
    void stopDriver() {
        workloads.close();
    }

    @Test
    void handshake_workload_connects_every_client() throws InterruptedException {
        var result = workloads.handshake(60, 10);
        assertThat(result.connected()).isEqualTo(60);
        assertThat(result.failed()).isZero();
        assertThat(result.latency().count()).isEqualTo(60);
    }

    @Test
    void reject_workload_sees_every_forged_token_refused_and_none_accepted() throws InterruptedException {
        var result = workloads.reject(60, 10);
        assertThat(result.accepted()).isZero();
        assertThat(result.otherwise()).isZero();
        assertThat(result.rejected()).isEqualTo(60);
    }

    @Test
    void fanout_workload_delivers_every_message_to_every_subscriber() throws InterruptedException {
        var result = workloads.fanout(20, 100, 30);
        assertThat(result.expected()).isEqualTo(600);
        assertThat(result.lost()).isZero();
        assertThat(result.latency().count()).isEqualTo(600);
    }

    @Test
    void fanout_room_counts_each_publishing_run_apart_and_each_subscriber_node_apart() throws InterruptedException {
        // one server here: listed twice, it stands for two nodes (subscribers alternate between the entries)
        try (var room = workloads.fanoutRoom(List.of(Target.rooms(), Target.rooms()), Target.rooms(), 10)) {
            var first = room.publish(0, 20);
            var second = room.publish(100, 30);
            assertThat(first.delivered()).isEqualTo(200);
            assertThat(second.delivered()).isEqualTo(300);
            assertThat(second.lost()).isZero();
            assertThat(second.latencyByNode()).extracting(Latencies.Summary::count).containsExactly(150, 150);
        }
    }

    @Test
    void fanout_room_counts_its_subscribers_still_connected() throws InterruptedException {
        var room = workloads.fanoutRoom(List.of(Target.rooms()), Target.rooms(), 10);
        try {
            room.publish(0, 5);
            assertThat(room.openSubscribers()).isEqualTo(10);
        } finally {
            room.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> room.openSubscribers() == 0);
    }

    @Test
    void idle_workload_holds_every_connection() throws InterruptedException {
        var result = workloads.idle(50, 10);
        try {
            assertThat(result.connected()).isEqualTo(50);
        } finally {
            result.clients().forEach(AsyncClient::close);
        }
    }
}
