package io.roomgate.suite;

import static io.roomgate.suite.ModerationSuite.assertError;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.Frame;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** PROTOCOL §2: bad input gets a fixed, clear error and the connection stays usable; §4 1009. */
@DisplayName("§2 Robustness")
public abstract class RobustnessSuite {

    static final int FRAME_LIMIT = 65536;

    @Test
    void a_binary_frame_is_a_bad_request_and_the_connection_stays_open() {
        try (var client = connected()) {
            client.sendBinary(new byte[] {0, 1, 2});
            assertError(client.expect("hub:error"), null, "bad_request", "Binary frames are not supported");
            assertStillServing(client);
        }
    }

    @Test
    void malformed_json_is_a_malformed_frame_without_parser_details() {
        try (var client = connected()) {
            for (String bad : new String[] {"{\"type\":", "not json at all", "[1,2,3]", "\"room:join\"", "null", "{} {}"}) {
                client.send(bad);
                var error = client.expect("hub:error");
                assertError(error, null, "bad_request", "Malformed frame");
                assertThat(error.payload().getJsonObject("details")).isEmpty();
            }
            assertStillServing(client);
        }
    }

    @Test
    void json_the_parser_refuses_for_its_depth_or_number_length_is_a_malformed_frame() {
        try (var client = connected()) {
            for (String bad : unparseableBelowTheFrameLimit()) {
                client.send(bad);
                var error = client.expect("hub:error");
                assertError(error, null, "bad_request", "Malformed frame");
                assertThat(error.payload().getJsonObject("details")).isEmpty();
            }
            assertStillServing(client);
        }
    }

    /**
     * Valid JSON syntax that Parsson still refuses, each far below the frame limit: nesting past its
     * depth limit (1,000, and ten times that) and a number past its length limit (1,100 digits).
     */
    static List<String> unparseableBelowTheFrameLimit() {
        return List.of(
                "{\"a\":" + "[".repeat(1001) + "]".repeat(1001) + "}",
                "{\"type\":\"ping\",\"payload\":{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}}",
                "{\"type\":\"ping\",\"payload\":{\"n\":" + "7".repeat(1200) + "}}");
    }

    @Test
    void an_unknown_type_is_answered_with_its_id() {
        try (var client = connected()) {
            client.send("{\"type\":\"room:explode\",\"id\":\"u1\",\"payload\":{}}");
            assertError(client.expect("hub:error"), "u1", "bad_request", "Unknown type");
            client.send("{\"type\":\"pong\",\"id\":\"u2\"}");
            assertError(client.expect("hub:error"), "u2", "bad_request", "Unknown type");
            assertStillServing(client);
        }
    }

    @Test
    void missing_or_mistyped_fields_are_malformed_frames_answered_with_the_id() {
        try (var client = connected()) {
            String[] bad = {
                "{\"id\":\"m\",\"payload\":{}}",
                "{\"type\":7,\"id\":\"m\"}",
                "{\"type\":\"room:join\",\"id\":\"m\"}",
                "{\"type\":\"room:join\",\"id\":\"m\",\"payload\":{\"room\":5}}",
                "{\"type\":\"room:join\",\"id\":\"m\",\"payload\":[\"lobby\"]}",
                "{\"type\":\"room:send\",\"id\":\"m\",\"payload\":{\"room\":\"default\"}}",
                "{\"type\":\"room:send\",\"id\":\"m\",\"payload\":{\"room\":\"default\",\"data\":1,\"echo\":\"yes\"}}",
                "{\"type\":\"room:send\",\"id\":\"m\",\"payload\":{\"room\":\"default\",\"data\":1,\"event\":3}}",
                "{\"type\":\"mod:kick\",\"id\":\"m\",\"payload\":{\"room\":\"default\",\"userId\":\"x\",\"banSeconds\":-1}}",
                "{\"type\":\"mod:kick\",\"id\":\"m\",\"payload\":{\"room\":\"default\",\"userId\":\"x\",\"banSeconds\":1.5}}",
                "{\"type\":\"token:refresh\",\"id\":\"m\",\"payload\":{}}",
            };
            for (String frame : bad) {
                assertError(sendAndExpectError(client, frame), "m", "bad_request", "Malformed frame");
            }
            assertStillServing(client);
        }
    }

    @Test
    void an_id_that_is_not_a_short_string_makes_the_frame_bad_and_is_not_echoed() {
        try (var client = connected()) {
            for (String id : new String[] {"17", "null", "{\"a\":1}", "\"" + "i".repeat(65) + "\""}) {
                assertError(sendAndExpectError(client, "{\"type\":\"ping\",\"id\":" + id + "}"), null, "bad_request", "Malformed frame");
            }
            client.send("{\"type\":\"ping\",\"id\":\"" + "i".repeat(64) + "\"}");
            assertThat(client.expect("pong").id()).hasSize(64);
        }
    }

    @Test
    void a_frame_of_exactly_the_limit_in_utf8_bytes_is_accepted() {
        try (var client = connected()) {
            client.send(pingOfBytes(FRAME_LIMIT));
            assertThat(client.expect("pong").id()).isEqualTo("big");
        }
    }

    @Test
    void a_frame_one_byte_over_the_limit_closes_1009_message_too_big() {
        try (var client = connected()) {
            client.send(pingOfBytes(FRAME_LIMIT + 1));
            assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1009, "Message too big");
        }
    }

    @Test
    void a_frame_of_exactly_the_limit_in_four_byte_characters_is_accepted() {
        try (var client = connected()) {
            String head = "{\"type\":\"ping\",\"id\":\"big\",\"payload\":{\"pad\":\"";
            String tail = "\"}}";
            int room = FRAME_LIMIT - head.length() - tail.length();
            String frame = head + "\uD83D\uDE00".repeat(room / 4) + "x".repeat(room % 4) + tail;
            assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(FRAME_LIMIT);
            client.send(frame);
            assertThat(client.expect("pong").id()).isEqualTo("big");
        }
    }

    @Test
    void a_binary_frame_over_the_limit_closes_1009() {
        try (var client = connected()) {
            client.sendBinary(new byte[FRAME_LIMIT + 1]);
            assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1009, "Message too big");
        }
    }

    @Test
    void ping_is_answered_with_pong() {
        try (var client = connected()) {
            client.send("{\"type\":\"ping\",\"id\":\"p\",\"payload\":{}}");
            var pong = client.expect("pong");
            assertThat(pong.id()).isEqualTo("p");
            assertThat(pong.payload()).isEmpty();
            assertThat(pong.text()).startsWith("{\"type\":\"pong\"");
        }
    }

    private static WsClient connected() {
        return WsClient.connected(Target.rooms(), user("robust"));
    }

    private static Frame sendAndExpectError(WsClient client, String frame) {
        client.send(frame);
        return client.expect("hub:error");
    }

    private static void assertStillServing(WsClient client) {
        client.send("{\"type\":\"ping\",\"id\":\"still-open\"}");
        assertThat(client.expect("pong").id()).isEqualTo("still-open");
        assertThat(client.isClosed()).isFalse();
    }

    /** A ping whose UTF-8 size is exactly {@code bytes}, padded with two-byte characters where it can. */
    static String pingOfBytes(int bytes) {
        String head = "{\"type\":\"ping\",\"id\":\"big\",\"payload\":{\"pad\":\"";
        String tail = "\"}}";
        int room = bytes - head.length() - tail.length();
        String pad = "é".repeat(room / 2) + "x".repeat(room % 2);
        String frame = head + pad + tail;
        assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return frame;
    }
}
