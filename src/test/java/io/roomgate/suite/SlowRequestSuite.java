package io.roomgate.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roomgate.testing.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: a client that trickles its upgrade request's headers holds a connection before any of
 * Roomgate's limits can run (they need the whole request). Only the server can bound it; on WildFly
 * the run command and the tests set Undertow's {@code request-parse-timeout} to 10 s
 * (server-config/wildfly/roomgate.yml). The settings of the other servers are in deployment.md.
 */
@DisplayName("Slow requests (deployment)")
public abstract class SlowRequestSuite {

    /** server-config/wildfly/roomgate.yml's request-parse-timeout. */
    private static final Duration PARSE_TIMEOUT = Duration.ofSeconds(10);
    /** Well under the timeout, so that the connection is never idle long enough for an idle timeout to be the cause. */
    private static final Duration TRICKLE = Duration.ofMillis(500);

    @Test
    void an_upgrade_whose_headers_trickle_in_is_cut_off_once_the_parse_timeout_is_over() throws IOException {
        assumeTrue("wildfly".equals(System.getProperty("arquillian.launch")), "bounded by the run configuration on WildFly");
        var rooms = Target.rooms();
        try (var socket = new Socket(rooms.getHost(), rooms.getPort())) {
            socket.setSoTimeout((int) TRICKLE.toMillis());
            var out = socket.getOutputStream();
            out.write(("GET " + rooms.getRawPath() + " HTTP/1.1\r\nHost: " + rooms.getHost() + "\r\nUpgrade: websocket\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            long giveUp = started + PARSE_TIMEOUT.multipliedBy(3).toNanos();
            boolean cutOff = false;
            for (int header = 0; !cutOff && System.nanoTime() < giveUp; header++) {
                try {
                    out.write(("X-Slow-" + header + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
                    cutOff = closedByServer(socket.getInputStream());
                } catch (SocketException reset) {
                    cutOff = true;
                }
            }
            Duration held = Duration.ofNanos(System.nanoTime() - started);
            assertThat(cutOff).as("cut off within three times the parse timeout").isTrue();
            assertThat(held).as("not before the parse timeout").isGreaterThanOrEqualTo(PARSE_TIMEOUT.minusSeconds(1));
        }
    }

    /** Waits one trickle interval for the server's answer or end of stream; either means the request is over. */
    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            in.read(); // end of stream, or the first byte of the server's refusal (HTTP 408 or 400)
            return true;
        } catch (SocketTimeoutException stillWaiting) {
            return false;
        }
    }
}
