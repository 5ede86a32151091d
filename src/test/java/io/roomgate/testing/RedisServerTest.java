package io.roomgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster tests' Redis: what they rely on when they crash it and bring it back. */
class RedisServerTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    @Test
    void it_answers_ping_on_the_loopback_port_its_url_names() throws IOException {
        assertThat(REDIS.url()).isEqualTo("redis://127.0.0.1:" + REDIS.port());
        assertThat(REDIS.answersPing()).isTrue();
        assertThat(REDIS.command("CONFIG", "GET", "bind")).asList().containsExactly("bind", "127.0.0.1");
        assertThat(REDIS.command("CONFIG", "GET", "save")).asList().containsExactly("save", "");
    }

    @Test
    void killed_it_stops_answering_and_restarted_it_answers_on_the_same_port_with_nothing_kept() throws IOException {
        int port = REDIS.port();
        assertThat(REDIS.command("SET", "roomgate:test", "before the crash")).isEqualTo("OK");

        REDIS.kill();
        assertThat(REDIS.answersPing()).isFalse();

        REDIS.restart();
        assertThat(REDIS.port()).isEqualTo(port);
        assertThat(REDIS.answersPing()).isTrue();
        assertThat(REDIS.command("GET", "roomgate:test")).as("nothing persisted across the crash").isNull();
    }

    @Test
    void an_error_reply_is_thrown_with_redis_own_text() {
        assertThatThrownBy(() -> REDIS.command("NO-SUCH-COMMAND"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ERR unknown command");
    }

    @Test
    void a_second_server_gets_a_port_of_its_own_and_stopped_it_is_gone() {
        int port;
        try (var other = new RedisServer().start()) {
            port = other.port();
            assertThat(port).isNotEqualTo(REDIS.port());
            assertThat(other.answersPing()).isTrue();
        }
        var probe = new RedisServer();
        assertThat(probe.answersPing()).as("never started").isFalse();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("redis-server") && p.info().commandLine().orElse("").contains("--port " + port)))
                .as("no redis-server left on port %d", port).isEmpty();
    }
}
