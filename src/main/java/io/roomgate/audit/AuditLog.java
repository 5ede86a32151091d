package io.roomgate.audit;

import io.roomgate.auth.AuthStage;
import io.roomgate.auth.Carrier;
import io.roomgate.metrics.RoomgateMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.stream.JsonGeneratorFactory;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit trail: one JSON object per line on the {@code io.roomgate.audit} logger (INFO) for
 * every authentication decision, moderation and revocation, so that an operator can route it to a
 * file of its own. The JSON is built by JSON-P, which escapes whatever a client chose to send.
 * A refused authentication is counted in {@code roomgate_auth_failures_total} as it is written.
 */
@ApplicationScoped
public class AuditLog {

    public static final String LOGGER = "io.roomgate.audit";
    static final Logger LOG = Logger.getLogger(LOGGER);

    private final JsonGeneratorFactory json = Json.createGeneratorFactory(Map.of());
    private RoomgateMetrics metrics;

    protected AuditLog() {
        // for the CDI proxy
    }

    @Inject
    public AuditLog(RoomgateMetrics metrics) {
        this.metrics = metrics;
    }

    /** An authentication decision at {@code stage}, on a credential from {@code carrier} (null: none found). */
    public AuditEntry authentication(AuthStage stage, Carrier carrier) {
        return new AuditEntry(this, "authentication").stage(stage).carrier(carrier);
    }

    /** {@code mod:kick} and whatever moderation comes next: {@code action} is its frame type. */
    public AuditEntry moderation(String action) {
        return new AuditEntry(this, "moderation").put(AuditEntry.STAGE, action);
    }

    public AuditEntry revocation() {
        return new AuditEntry(this, "revocation").put(AuditEntry.STAGE, AuthStage.API.wire());
    }

    RoomgateMetrics metrics() {
        return metrics;
    }

    void write(AuditEntry entry) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.info(entry.toJson(json, Instant.now()));
        }
    }
}
