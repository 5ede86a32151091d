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

    /** No checked exception: Jakarta Annotations forbids them on lifecycle methods, and Payara refuses the deployment. */
    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing JSON-B failed", e);
        }
    }
}
