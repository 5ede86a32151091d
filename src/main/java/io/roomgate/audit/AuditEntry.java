package io.roomgate.audit;

import io.roomgate.auth.AuthFailure;
import io.roomgate.auth.AuthStage;
import io.roomgate.auth.Carrier;
import io.roomgate.auth.Identity;
import jakarta.json.JsonBuilderFactory;
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
    /** The order fields are written in, so that lines read alike; others follow in the order they were added. */
    private static final List<String> ORDER = List.of("ts", "event", STAGE, "outcome", "reason", "carrier",
            "client", "origin", "connection", "sub", "jti", "tenant", "iss", "kid");

    private final AuditLog log;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private AuthStage stage;

    AuditEntry(AuditLog log, String event) {
        this.log = log;
        fields.put("event", event);
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
            fields.put(name, value);
        }
        return this;
    }

    String toJson(JsonBuilderFactory json, Instant now) {
        var object = json.createObjectBuilder().add("ts", now.truncatedTo(ChronoUnit.MILLIS).toString());
        ORDER.stream().filter(fields::containsKey).forEach(name -> object.add(name, fields.get(name)));
        fields.forEach((name, value) -> {
            if (!ORDER.contains(name)) {
                object.add(name, value);
            }
        });
        return object.build().toString();
    }
}
