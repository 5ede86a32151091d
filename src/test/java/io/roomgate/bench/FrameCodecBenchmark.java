package io.roomgate.bench;

import io.roomgate.protocol.ClientFrame;
import io.roomgate.protocol.FrameType;
import io.roomgate.protocol.FrameDecoder;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.ServerFrame;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Decoding a chat-sized {@code room:send} and encoding the {@code room:message} every member gets. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameCodecBenchmark {

    private static final String SEND = "{\"type\":\"room:send\",\"id\":\"m-1042\",\"payload\":{\"room\":\"support:acme-42\","
            + "\"event\":\"message\",\"data\":{\"text\":\"Has anyone seen the deploy logs from this morning?\","
            + "\"mentions\":[\"bob\",\"carol\"],\"clientTs\":1795000000123}}}";

    private final FrameDecoder decoder = new FrameDecoder();
    private final FrameEncoder encoder = new FrameEncoder();
    private final JsonValue data = Json.createReader(new StringReader(
            "{\"text\":\"Has anyone seen the deploy logs from this morning?\",\"mentions\":[\"bob\",\"carol\"],\"clientTs\":1795000000123}"))
            .readValue();

    @Benchmark
    public ClientFrame decodeRoomSend() throws Exception {
        return decoder.decode(SEND);
    }

    @Benchmark
    public String encodeRoomMessage() {
        return encoder.encode(ServerFrame.of(FrameType.ROOM_MESSAGE, new Payloads.Message("support:acme-42", "message", data,
                new Payloads.Member("7f3c2a9e-5b1d-4e8f", "alice.example"), 1795000000456L)));
    }
}
