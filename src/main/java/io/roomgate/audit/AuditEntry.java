package io.roomgate.audit;

import io.roomgate.auth.AuthFailure;
import io.roomgate.auth.AuthStage;
import io.roomgate.auth.Carrier;
import io.roomgate.auth.Identity;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One audit line being put together; {@link #accepted} or {@link #refused} writes it. Claims get in
 * only through {@link #who(Identity)}: an identity exists only for a token whose signature was
 * verified, so a forged token's claims can never reach the log. There is no way to add a token.
 */
public final class AuditEntry {

    static final String STAGE = "stage";
    /**
     * The fields every line may have, in the order they are written so that lines read alike; an
     * entry keeps them in slots by position (a handshake writes one line, so no map per line).
     */
    private static final List<String> ORDER = List.of("event", STAGE, "outcome", "reason", "carrier",
            "client", "origin", "connection", "sub", "jti", "tenant", "iss", "kid");

    private final AuditLog log;
    private final String[] known = new String[ORDER.size()];
    /** The fields only some events have (a kick's target, a revocation's scope), in the order they were added. */
    private final Map<String, String> others = new LinkedHashMap<>(4);
    private AuthStage stage;

    AuditEntry(AuditLog log, String event) {
        this.log = log;
        put("event", event);
    }

    AuditEntry stage(AuthStage stage) {
        this.stage = stage;
        return put(STAGE, stage.wire());
    }

    AuditEntry carrier(Carrier carrier) {
        return put("carrier", carrier == null ? null : carrier.wire());
    }

    /** The client's address, as {@code roomgate.trusted-proxies} resolves it. */
    public AuditEntry client(String address) {
        return put("client", address);
    }

    public AuditEntry origin(String origin) {
        return put("origin", origin);
    }

    /** The connection's {@code clientId} ({@code hub:connected}). */
    public AuditEntry connection(String clientId) {
        return put("connection", clientId);
    }

    /** The verified identity behind the decision. */
    public AuditEntry who(Identity identity) {
        put("sub", identity.userId());
        put("jti", identity.jti());
        put("tenant", identity.tenant());
        put("iss", identity.issuer());
        return put("kid", identity.keyId());
    }

    /** Anything else the event is about: a kick's target and room, a revocation's scope. */
    public AuditEntry with(String name, Object value) {
        return put(name, value == null ? null : value.toString());
    }

    public void accepted() {
        put("outcome", "success");
        log.write(this);
    }

    public void refused(String reason) {
        put("outcome", "failure");
        put("reason", reason);
        log.write(this);
    }

    /** A refused credential: written, and counted in {@code roomgate_auth_failures_total}. */
    public void refused(AuthFailure failure) {
        if (stage != null) {
            log.metrics().authenticationFailed(stage, failure);
        }
        refused(failure.logCode());
    }

    AuditEntry put(String name, String value) {
        if (value != null) {
            int slot = ORDER.indexOf(name);
            if (slot >= 0) {
                known[slot] = value;
            } else {
                others.put(name, value);
            }
        }
        return this;
    }

    String toJson(JsonGeneratorFactory json, Instant now) {
        var line = new StringWriter(256);
        try (JsonGenerator out = json.createGenerator(line)) {
            out.writeStartObject().write("ts", now.truncatedTo(ChronoUnit.MILLIS).toString());
            for (int slot = 0; slot < known.length; slot++) {
                if (known[slot] != null) {
                    out.write(ORDER.get(slot), known[slot]);
                }
            }
            others.forEach(out::write);
            out.writeEnd();
        }
        return line.toString();
    }
}
