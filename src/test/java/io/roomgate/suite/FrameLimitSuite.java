package io.roomgate.suite;

import static io.roomgate.testing.Requests.ping;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.Frame;
import io.roomgate.testing.Requests;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL §5's frame limit, with the suite's burst of {@value SuiteConfig#FRAME_BURST} frames and
 * refill of {@value SuiteConfig#FRAMES_PER_SECOND} per second: excess frames are dropped, the first
 * drop of a second is answered, a flood closes the connection.
 */
@DisplayName("§5 Frame limit")
public abstract class FrameLimitSuite {

    @Test
    void frames_over_the_limit_are_dropped_and_answered_once_a_second_and_the_connection_stays() {
        try (var client = WsClient.connected(Target.rooms(), user("chatty"))) {
            int sent = SuiteConfig.FRAME_BURST + 200;
            for (int i = 0; i < sent; i++) {
                client.send(ping("p" + i));
            }
            // Once the server has worked through the burst, the bucket refills: a marker ping then gets
            // its pong, which ends the replies. Markers go out until one is answered.
            var replies = new ArrayList<Frame>();
            long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
            boolean answered = false;
            for (int marker = 0; !answered && System.nanoTime() < deadline; marker++) {
                client.send(ping(MARKER + marker));
                Optional<Frame> reply;
                while (!answered && (reply = client.poll(Duration.ofMillis(500))).isPresent()) {
                    replies.add(reply.get());
                    answered = isMarker(reply.get()) && reply.get().type().equals("pong");
                }
            }
            assertThat(answered).as("a ping answered once the burst was over").isTrue();

            long pongs = replies.stream().filter(f -> f.type().equals("pong") && !isMarker(f)).count();
            assertThat(pongs).as("pongs for %d pings", sent).isLessThan(sent).isGreaterThanOrEqualTo(SuiteConfig.FRAME_BURST);
            assertThat(replies).filteredOn(FrameLimitSuite::isRateLimited).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.payload().getJsonObject("details").getString("limit")).isEqualTo("frames-per-second"))
                    .allSatisfy(f -> assertThat(f.payload().getJsonObject("details").getJsonNumber("retryAfterMs").longValue()).isPositive());
        }
    }

    /**
     * The default byte budget (256 KiB/s, burst 1 MiB): twenty frames of 60,000 bytes are 1.2 MB,
     * more than the burst plus what the refill adds while a client writes them over loopback.
     */
    @Test
    void frames_beyond_the_byte_budget_are_dropped_and_answered_with_when_to_retry() {
        try (var client = WsClient.connected(Target.rooms(), user("bulky"))) {
            int sent = 20;
            String big = RobustnessSuite.pingOfBytes(60_000);
            for (int i = 0; i < sent; i++) {
                client.send(big);
            }
            client.send(ping(MARKER));
            var replies = new ArrayList<Frame>();
            Frame reply;
            do {
                reply = client.nextMatching(f -> !WsClient.isPresenceChange(f));
                replies.add(reply);
            } while (!isMarker(reply));
            assertThat(replies).filteredOn(f -> f.type().equals("pong") && !isMarker(f)).hasSizeLessThan(sent);
            assertThat(replies).filteredOn(FrameLimitSuite::isRateLimited).isNotEmpty().allSatisfy(error -> {
                assertThat(error.errorMessage()).isEqualTo("Too many requests");
                assertThat(error.payload().getJsonObject("details").getString("limit")).isEqualTo("bytes-per-second");
                assertThat(error.payload().getJsonObject("details").getJsonNumber("retryAfterMs").longValue()).isPositive();
            });
            assertThat(client.isClosed()).isFalse();
        }
    }

    /** Joins plus leaves: 10 a second, a burst of 20 (the defaults), each refused one answered and the room unchanged. */
    @Test
    void joins_and_leaves_beyond_their_rate_are_refused_and_change_nothing() {
        String room = "toggle-room";
        try (var toggler = WsClient.connected(Target.rooms(), user("toggler"));
             var bystander = WsClient.connected(Target.rooms(), user("toggle-watch"))) {
            bystander.joined(room);
            int changes = 40;
            for (int i = 0; i < changes; i++) {
                toggler.send(i % 2 == 0 ? Requests.join(room, "t" + i) : Requests.leave(room, "t" + i));
            }
            int done = 0;
            var refusals = new ArrayList<Frame>();
            for (int i = 0; i < changes; i++) {
                var reply = toggler.nextMatching(f -> f.id() != null && f.id().startsWith("t"));
                if (reply.type().equals("hub:error")) {
                    if ("rate_limited".equals(reply.errorCode())) {
                        refusals.add(reply);
                    }
                } else {
                    done++;
                }
            }
            assertThat(done).isGreaterThanOrEqualTo(20).isLessThan(changes);
            assertThat(refusals).isNotEmpty().allSatisfy(refusal -> {
                assertThat(refusal.payload().getJsonObject("details").getString("limit")).isEqualTo("joins-per-second");
                assertThat(refusal.payload().getJsonObject("details").getJsonNumber("retryAfterMs").longValue()).isPositive();
            });
            // every change made was told to the room once, and no refused one: all were queued to the
            // bystander before the toggler's last reply, so what has not come within a second never will
            int told = 0;
            for (Optional<Frame> next; (next = bystander.poll(Duration.ofSeconds(1))).isPresent(); ) {
                told += isPresenceIn(next.get(), room) ? 1 : 0;
            }
            assertThat(told).isEqualTo(done);
        }
    }

    private static boolean isPresenceIn(Frame frame, String room) {
        return WsClient.isPresenceChange(frame) && frame.payload().getString("room").equals(room);
    }

    @Test
    void a_flood_of_dropped_frames_closes_1013_rate_limited() {
        // Enough to pass the 500 drops even if sending takes three seconds of refill, then quiet: a
        // client still writing when the server closes gets a TCP reset instead of the close frame.
        int flood = SuiteConfig.FRAME_BURST + 500 + 3 * SuiteConfig.FRAMES_PER_SECOND;
        try (var client = WsClient.connected(Target.rooms(), user("flooder"))) {
            for (int i = 0; i < flood && !client.isClosed(); i++) {
                try {
                    client.send(ping("f" + i));
                } catch (RuntimeException closedMeanwhile) {
                    break;
                }
            }
            assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1013, "Rate limited");
        }
    }

    private static final String MARKER = "marker-";

    private static boolean isMarker(Frame frame) {
        return frame.id() != null && frame.id().startsWith(MARKER);
    }

    private static boolean isRateLimited(Frame frame) {
        return frame.type().equals("hub:error") && "rate_limited".equals(frame.errorCode());
    }
}
