package io.roomgate.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.protocol.Close;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outbox's end of a credential (PROTOCOL §2.2: after the expiry instant nothing more is
 * delivered), sends held back while the registry holds a room's lock, and the moment a closing
 * connection is told it is closing. The instant, the lock and a close racing the container's own
 * report of it are too short a window to hit over a socket, so they are checked here, at the
 * socket boundary.
 */
class OutboxTest {

    private final RecordingTransport transport = new RecordingTransport();
    private volatile boolean deadlinePast;
    private final Outbox outbox = Outbox.open(transport, 1 << 20, () -> deadlinePast, () -> { });

    @Test
    void a_frame_offered_after_the_deadline_is_refused_and_never_sent() {
        deadlinePast = true;
        assertThat(outbox.offer("late")).isFalse();
        assertThat(transport.sent).isEmpty();
    }

    @Test
    void frames_still_queued_when_the_deadline_passes_are_dropped() {
        transport.stall();
        outbox.offer("in flight");
        outbox.offer("queued");
        deadlinePast = true;
        transport.resume();
        assertThat(transport.sent).containsExactly("in flight");
    }

    @Test
    void finish_drops_the_queue_then_sends_its_frame_and_closes_even_past_the_deadline() {
        transport.stall();
        outbox.offer("in flight");
        outbox.offer("queued");
        deadlinePast = true;
        outbox.finish("last words", Close.TOKEN_EXPIRED);
        transport.resume();
        assertThat(transport.sent).containsExactly("in flight", "last words");
        assertThat(transport.closes).containsExactly("1008 Token expired");
        assertThat(outbox.offer("after")).isFalse();
    }

    @Test
    void a_held_outbox_sends_nothing_until_released_then_its_first_frame_ahead_of_those_offered_meanwhile() {
        var held = Outbox.held(transport, 1 << 20, DeliveryDeadline.NONE, () -> { });
        held.offer("raced");
        assertThat(transport.sent).isEmpty();
        held.release("first");
        assertThat(transport.sent).containsExactly("first", "raced");
    }

    @Test
    void ending_a_held_outbox_with_an_error_releases_it_with_the_error_then_closes() {
        var held = Outbox.held(transport, 1 << 20, DeliveryDeadline.NONE, () -> { });
        held.endWith("error", Close.UNAUTHORIZED);
        assertThat(transport.sent).containsExactly("error");
        assertThat(transport.closes).containsExactly("1008 Unauthorized");
        assertThat(held.offer("after")).isFalse();
    }

    @Test
    void a_held_outbox_ended_from_outside_sends_that_end_once_released_as_ended() {
        var held = Outbox.held(transport, 1 << 20, DeliveryDeadline.NONE, () -> { });
        held.finish("revoked", Close.TOKEN_REVOKED);
        assertThat(transport.sent).isEmpty();

        held.releaseEnded();

        assertThat(transport.sent).containsExactly("revoked");
        assertThat(transport.closes).containsExactly("1008 Token revoked");
    }

    @Test
    void frames_offered_inside_a_deferring_section_are_sent_in_order_only_once_it_ends_nested_ones_included() {
        var other = new RecordingTransport();
        var otherOutbox = Outbox.open(other, 1 << 20, DeliveryDeadline.NONE, () -> { });
        DeferredSends.around(() -> {
            outbox.offer("first");
            otherOutbox.offer("to the other");
            DeferredSends.around(() -> outbox.offer("nested"));
            outbox.offer("second");
            assertThat(transport.sent).isEmpty();
            assertThat(other.sent).isEmpty();
        });
        assertThat(transport.sent).containsExactly("first", "nested", "second");
        assertThat(other.sent).containsExactly("to the other");
        outbox.offer("outside");
        assertThat(transport.sent).endsWith("outside");
    }

    @Test
    void the_connection_is_told_it_is_closing_before_its_close_goes_out_once_the_last_frame_is_sent() {
        var closesSeenWhenTold = new ArrayList<List<String>>();
        var closing = Outbox.open(transport, 1 << 20, DeliveryDeadline.NONE, () -> closesSeenWhenTold.add(List.copyOf(transport.closes)));
        transport.stall();
        closing.offer("last frame");
        closing.closeAfterFlush(Close.UNAUTHORIZED);
        assertThat(closesSeenWhenTold).isEmpty();
        transport.resume();
        assertThat(closesSeenWhenTold).containsExactly(List.of());
        assertThat(transport.closes).containsExactly("1008 Unauthorized");
    }
}
