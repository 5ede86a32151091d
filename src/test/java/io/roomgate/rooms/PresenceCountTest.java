package io.roomgate.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.auth.Identity;
import io.roomgate.cluster.LocalBackplane;
import io.roomgate.config.Settings;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.testing.TestSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL §2.0 on a room crossing its events limit more than once: a member that keeps a count from
 * the snapshot, the {@code joined}/{@code left} events and the summaries always ends at the room's
 * count. The summaries' timer is driven by hand, so the test decides when a second has passed.
 */
class PresenceCountTest {

    private final Settings settings = TestSettings.load(Map.of("roomgate.presence.events-limit", "2"));
    private final List<Runnable> due = new ArrayList<>();
    private final RoomRegistry registry = new RoomRegistry(settings, new FrameEncoder(), new LocalBackplane(),
            (Duration delay, Runnable task) -> due.add(task));

    @Test
    void a_count_kept_from_events_and_summaries_is_exact_after_the_room_grows_large_again() throws Refusal {
        var watcher = connect("w");
        int snapshot = registry.join(watcher.peer(), "hall", Optional.empty()).page().count();
        var a = connect("a");
        registry.join(a.peer(), "hall", Optional.empty());
        var b = connect("b");
        registry.join(b.peer(), "hall", Optional.empty());
        tick();
        assertThat(watcher.keptCount(snapshot)).as("large: told by a summary").isEqualTo(3);

        registry.leave(b.peer(), "hall");
        assertThat(watcher.keptCount(snapshot)).as("back at the limit: told by an event").isEqualTo(2);
        tick();

        var c = connect("c");
        registry.join(c.peer(), "hall", Optional.empty());
        tick();
        assertThat(watcher.keptCount(snapshot)).as("large again: the summary of 3 is news after the event of 2").isEqualTo(3);
    }

    private void tick() {
        var tasks = List.copyOf(due);
        due.clear();
        tasks.forEach(Runnable::run);
    }

    private Member connect(String userId) throws Refusal {
        var transport = new RecordingTransport();
        var peer = new Peer(Identity.withoutToken(userId, Set.of(), null),
                new Outbox(transport, settings.limits().outboundQueueBytes(), false, () -> { }));
        registry.register(peer);
        return new Member(peer, transport);
    }

    private record Member(Peer peer, RecordingTransport transport) {

        /** What a client counts: the snapshot of its join, then +1 per joined, -1 per left, a summary's count as is. */
        int keptCount(int snapshot) {
            int count = snapshot;
            for (String text : transport.sent) {
                JsonObject frame = Json.createReader(new StringReader(text)).readObject();
                JsonObject payload = frame.getJsonObject("payload");
                if (payload.containsKey("count")) {
                    count = payload.getInt("count");
                } else if (payload.containsKey("joined")) {
                    count++;
                } else if (payload.containsKey("left")) {
                    count--;
                }
            }
            return count;
        }
    }
}
