package io.roomgate.suite;

import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomgate.testing.JwksServer;
import io.roomgate.testing.ServerLog;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the operator sees in the server's log: one INFO line per accepted connection and per refusal
 * with its reason code (the audit line, {@link AuditSuite} reads its fields); never a token, a secret
 * or a stack trace caused by what a client sent.
 */
@DisplayName("Logging")
public abstract class LoggingSuite {

    private static final String ADDRESS = "127.0.0.1";

    /** Logs outlive runs (and hold other tests' lines): each test reads only what it caused. */
    private long mark;

    @BeforeEach
    void markLog() {
        mark = ServerLog.mark();
    }

    /** The address is the TCP peer's: this server trusts no proxy, so a client's X-Forwarded-For is ignored. */
    @Test
    void an_accepted_connection_is_one_info_line_with_user_and_address_and_no_token() {
        String userId = "log-" + UUID.randomUUID();
        String token = user(userId);
        try (var client = WsClient.to(Target.rooms()).bearer(token).header("X-Forwarded-For", "203.0.113.9").open()) {
            client.expect("hub:connected");
            String line = awaitLine("\"sub\":\"" + userId + "\"");
            // INFO (Payara's in colour codes), or Open Liberty's one-letter level column
            assertThat(line).containsPattern("INFO|\\s I\\s").contains("\"outcome\":\"success\"", "\"client\":\"" + ADDRESS + "\"");
            assertThat(count(userId)).as("lines naming the user").isEqualTo(1);
        }
        assertThat(log()).doesNotContain(signatureOf(token));
    }

    @Test
    void the_server_bypass_secret_is_never_logged() {
        try (var client = WsClient.connected(Target.rooms(), SuiteKeys.BYPASS_SECRET)) {
            awaitLine("\"outcome\":\"success\"", "\"sub\":\"server\"");
        }
        assertThat(log()).doesNotContain(SuiteKeys.BYPASS_SECRET);
    }

    @Test
    void a_refusal_is_logged_with_its_reason_code_and_no_token() {
        String forged = claims("log-forger").jws().keyId(JwksServer.RSA_KID).sign(SuiteKeys.OTHER_RSA.getPrivate());
        try (var client = WsClient.to(Target.rooms()).bearer(forged).open()) {
            client.awaitClose();
        }
        awaitCount("\"outcome\":\"failure\",\"reason\":\"signature\",\"carrier\":\"header\",\"client\":\"" + ADDRESS + "\"", 1);
        assertThat(log()).doesNotContain(signatureOf(forged)).doesNotContain("log-forger");
    }

    @Test
    void hostile_frames_leave_no_stack_trace_in_the_log() {
        String marker = "log-hostile-" + UUID.randomUUID();
        try (var client = WsClient.connected(Target.rooms(), user(marker))) {
            client.send("{\"type\":").send("[]").send("{\"type\":\"room:join\",\"id\":7}").sendBinary(new byte[] {9})
                    .send("{\"type\":\"room:send\",\"payload\":{\"room\":\"default\",\"data\":" + "[".repeat(5000) + "}}");
            client.send("{\"type\":\"ping\",\"id\":\"end\"}");
            client.nextMatching(f -> "end".equals(f.id()));
            client.send(RobustnessSuite.pingOfBytes(RobustnessSuite.FRAME_LIMIT + 1));
            client.awaitClose();
        }
        awaitLine(marker);
        assertThat(log().lines().filter(l -> l.strip().startsWith("at io.roomgate."))).isEmpty();
    }

    /** The first log line holding every one of {@code parts}: every server writes a record's level on its message's line. */
    private String awaitLine(String... parts) {
        return awaitLog("a log line with " + Arrays.toString(parts))
                .until(() -> log().lines().filter(l -> Arrays.stream(parts).allMatch(l::contains)).findFirst(), Optional::isPresent)
                .get();
    }

    private void awaitCount(String text, int wanted) {
        awaitLog(wanted + " log lines with \"" + text + "\"").until(() -> count(text), count -> count >= wanted);
        assertThat(count(text)).isEqualTo(wanted);
    }

    /** A server's log handler may write a record a moment after the request that caused it was answered. */
    private static ConditionFactory awaitLog(String what) {
        return await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100));
    }

    private int count(String text) {
        return (int) log().lines().filter(l -> l.contains(text)).count();
    }

    private String log() {
        return ServerLog.since(mark);
    }

    private static String signatureOf(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }
}
