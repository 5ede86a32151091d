package io.roomgate.bench;

import io.roomgate.auth.Identity;
import io.roomgate.cluster.LocalBackplane;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.rooms.Outbox;
import io.roomgate.rooms.Peer;
import io.roomgate.rooms.RoomRegistry;
import io.roomgate.rooms.Transport;
import io.roomgate.testing.JdkDelays;
import io.roomgate.testing.TestSettings;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@code room:send} to a room of {@code members}: encoded once, queued to every member's
 * outbox and handed to the socket boundary, which here completes each send at once (an idle
 * socket). Everything above the socket is the product's code. Score: broadcasts per second;
 * divide by members - 1 for deliveries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BroadcastBenchmark {

    @Param({"1000"})
    public int members;

    private final LongAdder written = new LongAdder();
    private RoomRegistry registry;
    private Peer sender;
    private JsonValue data;

    @Setup
    public void setUp() throws Exception {
        var settings = TestSettings.load(Map.of("roomgate.limits.members-per-room", String.valueOf(members)));
        registry = new RoomRegistry(settings, new FrameEncoder(), new LocalBackplane(), Clock.systemUTC(), JdkDelays.INSTANCE);
        Transport socket = new Transport() {
            @Override
            public void sendText(String text, Consumer<Throwable> done) {
                written.increment();
                done.accept(null);
            }

            @Override
            public void close(int code, String reason) {
                throw new IllegalStateException("no member is closed in this benchmark");
            }
        };
        for (int i = 0; i < members; i++) {
            var peer = new Peer(Identity.withoutToken("member-" + i, Set.of(), null),
                    new Outbox(socket, settings.limits().outboundQueueBytes(), false, () -> { }));
            registry.register(peer);
            registry.enter(peer, "bench");
            sender = peer;
        }
        data = Json.createObjectBuilder().add("text", "Has anyone seen the deploy logs from this morning?").build();
    }

    @Benchmark
    public void broadcast() throws Exception {
        registry.send(sender, "bench", "message", data, null);
    }
}
