package io.roomgate.protocol;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Serialises server frames with JSON-B; one thread-safe Jsonb per application. */
@ApplicationScoped
public class FrameEncoder {

    private static final Logger LOG = Logger.getLogger(FrameEncoder.class.getName());

    private final Jsonb jsonb = JsonbBuilder.create();

    public String encode(ServerFrame frame) {
        return jsonb.toJson(frame);
    }

    /** A {@code hub:error} payload on its own: the body of HTTP refusals on the upgrade path. */
    public String encode(Payloads.Error error) {
        return jsonb.toJson(error);
    }

    /** Any other JSON body: the HTTP API's answers. */
    public String encodeBody(Object body) {
        return jsonb.toJson(body);
    }

    /** CDI forbids checked exceptions here; a Jsonb that fails to close has nothing left to release. */
    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing JSON-B failed", e);
        }
    }
}
