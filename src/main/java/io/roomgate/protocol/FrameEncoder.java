package io.roomgate.protocol;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Serialises server frames with JSON-B; one thread-safe Jsonb per application. */
@ApplicationScoped
public class FrameEncoder {

    private final Jsonb jsonb = JsonbBuilder.create();

    public String encode(ServerFrame frame) {
        return jsonb.toJson(frame);
    }

    @PreDestroy
    void close() throws Exception {
        jsonb.close();
    }
}
