package io.roomgate.suite;

import static io.roomgate.testing.AuditLines.with;
import static io.roomgate.testing.Requests.kick;
import static io.roomgate.testing.Requests.refresh;
import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.rs256;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.AuditLines;
import io.roomgate.testing.HttpApi;
import io.roomgate.testing.JwksServer;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The audit log: one JSON line per authentication decision, kick and revocation on the
 * {@code io.roomgate.audit} logger, read from the server's log. Claims appear only once a token's
 * signature is verified; no token, signature or bypass secret ever does.
 */
@DisplayName("Operate: audit log")
public abstract class AuditSuite {

    private static final String ADDRESS = "127.0.0.1";

    private AuditLines audit;
    private String tag;

    @BeforeEach
    void markLog() {
        audit = AuditLines.fromNow();
        tag = UUID.randomUUID().toString();
    }

    @Test
    void a_forged_token_is_audited_as_a_signature_failure_without_any_of_its_claims() {
        String sub = "audit-forger-" + tag;
        String jti = "forged-jti-" + tag;
        String forged = claims(sub).claim("jti", jti).claim("tenant_id", "forged-tenant-" + tag)
                .jws().keyId(JwksServer.RSA_KID).sign(SuiteKeys.OTHER_RSA.getPrivate());
        try (var client = WsClient.to(Target.rooms()).bearer(forged).header("Origin", SuiteConfig.ALLOWED_ORIGIN).open()) {
            client.awaitClose();
        }

        var line = audit.await("for the forged token", with("event", "authentication", "stage", "upgrade",
                "outcome", "failure", "reason", "signature", "origin", SuiteConfig.ALLOWED_ORIGIN));
        assertThat(line.getString("carrier")).isEqualTo("header");
        assertThat(line.getString("client")).isEqualTo(ADDRESS);
        assertThat(line.keySet()).doesNotContain("sub", "jti", "tenant", "iss", "kid");
        assertThat(audit.log()).doesNotContain(tag).doesNotContain(signatureOf(forged));
    }

    @Test
    void an_accepted_token_is_audited_with_its_sub_jti_iss_and_kid_and_never_the_token() {
        String sub = "audit-user-" + tag;
        String jti = "jti-" + tag;
        String token = rs256(claims(sub).claim("jti", jti));
        try (var client = WsClient.connected(Target.rooms(), token)) {
            var line = audit.await("for the accepted token", with("stage", "upgrade", "outcome", "success", "sub", sub));

            assertThat(line.getString("jti")).isEqualTo(jti);
            assertThat(line.getString("iss")).isEqualTo(SuiteConfig.ISSUER);
            assertThat(line.getString("kid")).isEqualTo(JwksServer.RSA_KID);
            assertThat(line.getString("carrier")).isEqualTo("header");
            assertThat(line.getString("client")).isEqualTo(ADDRESS);
            assertThat(line.getString("ts")).satisfies(ts -> assertThat(Instant.parse(ts)).isBefore(Instant.now().plusSeconds(5)));
        }
        assertThat(audit.log()).doesNotContain(signatureOf(token));
    }

    @Test
    void hub_connect_and_token_refresh_are_audited_with_the_connection_they_belong_to() {
        String sub = "audit-connect-" + tag;
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send(AlternateConfigSuite.connect(user(sub)));
            String clientId = client.expect("hub:connected").payload().getString("clientId");
            audit.await("for hub:connect", with("stage", "hub:connect", "outcome", "success", "carrier", "connect",
                    "sub", sub, "connection", clientId));

            client.send(refresh(user(sub), "r1"));
            client.expect("token:refreshed");
            audit.await("for token:refresh", with("stage", "token:refresh", "outcome", "success", "sub", sub,
                    "connection", clientId));

            String forged = claims("audit-refresh-forger-" + tag).jws().keyId(JwksServer.RSA_KID).sign(SuiteKeys.OTHER_RSA.getPrivate());
            client.send(refresh(forged, "r2"));
            client.awaitClose();
            audit.await("for the refused refresh", with("stage", "token:refresh", "outcome", "failure", "reason", "signature",
                    "sub", sub, "connection", clientId));
        }
        assertThat(audit.log()).doesNotContain("audit-refresh-forger-" + tag);
    }

    @Test
    void a_refused_hub_connect_and_a_client_that_never_authenticates_are_audited() {
        String forged = claims("audit-connect-forger-" + tag).jws().keyId(JwksServer.RSA_KID).sign(SuiteKeys.OTHER_RSA.getPrivate());
        try (var client = WsClient.to(Target.rooms()).open(); var silent = WsClient.to(Target.rooms()).open()) {
            client.send(AlternateConfigSuite.connect(forged));
            client.awaitClose();
            silent.awaitClose();
        }

        var refused = audit.await("for the forged hub:connect", with("stage", "hub:connect", "outcome", "failure",
                "reason", "signature", "carrier", "connect"));
        assertThat(refused.keySet()).doesNotContain("sub", "jti", "connection");
        audit.await("for the authentication timeout", with("stage", "hub:connect", "outcome", "failure", "reason", "timeout"));
        assertThat(audit.log()).doesNotContain("audit-connect-forger-" + tag).doesNotContain(signatureOf(forged));
    }

    @Test
    void a_connection_over_the_per_user_limit_is_audited_as_a_refusal_of_that_user() {
        String sub = "audit-limit-" + tag;
        var open = new ArrayList<WsClient>();
        try {
            for (int i = 0; i < SuiteConfig.CONNECTIONS_PER_USER; i++) {
                open.add(WsClient.connected(Target.rooms(), user(sub)));
            }
            try (var extra = WsClient.to(Target.rooms()).bearer(user(sub)).open()) {
                assertThat(extra.expect("hub:error").payload().getString("code")).isEqualTo("rate_limited");
            }
        } finally {
            open.forEach(WsClient::close);
        }

        audit.await("for the refused connection", with("stage", "upgrade", "outcome", "failure",
                "reason", "connections_per_user", "sub", sub));
    }

    @Test
    void the_server_bypass_is_audited_as_such_and_its_secret_never() {
        try (var client = WsClient.to(Target.rooms()).open()) {
            client.send("{\"type\":\"hub:connect\",\"payload\":{\"serverBypass\":\"" + SuiteKeys.BYPASS_SECRET + "\"}}");
            client.expect("hub:connected");
            audit.await("for the bypass", with("stage", "hub:connect", "outcome", "success", "carrier", "bypass"));
        }
        assertThat(audit.log()).doesNotContain(SuiteKeys.BYPASS_SECRET);
    }

    @Test
    void kicks_are_audited_with_moderator_target_and_outcome_and_client_text_stays_inside_its_line() {
        String room = "audit-" + tag;
        String moderator = "audit-mod-" + tag;
        String plain = "audit-plain-" + tag;
        String injected = "x\r\n{\"ts\":\"1970-01-01T00:00:00Z\",\"event\":\"authentication\",\"outcome\":\"success\"}";
        try (var mod = WsClient.connected(Target.rooms(), user(moderator, "moderator"));
             var target = WsClient.connected(Target.rooms(), user(plain))) {
            mod.joined(room);
            target.joined(room);
            target.send(kick(room, moderator, null, null, "k0"));
            target.expect("hub:error");
            mod.send(kick(room, injected, null, null, "k1"));
            mod.expect("hub:error");
            mod.send(kick(room, plain, "spam", null, "k2"));
            target.awaitClose();

            audit.await("for the refused kick", with("event", "moderation", "stage", "mod:kick", "outcome", "failure",
                    "reason", "insufficient_permissions", "sub", plain, "target", moderator, "room", room));
            audit.await("for the kick of nobody", with("stage", "mod:kick", "reason", "user_not_in_room", "target", injected));
            var kicked = audit.await("for the kick", with("stage", "mod:kick", "outcome", "success", "sub", moderator,
                    "target", plain, "room", room));
            assertThat(kicked.getString("connection")).isNotBlank();
        }
        // every line parsed as one JSON object, the injected one included: nothing forged a line of its own
        assertThat(audit.all()).noneMatch(line -> line.getString("ts").startsWith("1970"));
    }

    @Test
    void api_calls_and_revocations_are_audited_and_refused_bearers_are_too() {
        String admin = "audit-admin-" + tag;
        String revoked = "audit-revoked-" + tag;
        String body = Json.createObjectBuilder().add("sub", revoked).add("before", Instant.now().getEpochSecond() + 1).build().toString();
        assertThat(HttpApi.post("revocations", user(admin, "admin"), body).statusCode()).isEqualTo(204);
        assertThat(HttpApi.post("revocations", "not-a-jwt", body).statusCode()).isEqualTo(401);
        assertThat(HttpApi.post("revocations", user("audit-plain-" + tag), body).statusCode()).isEqualTo(403);

        var call = audit.await("for the admin's call", with("stage", "api", "outcome", "success", "sub", admin));
        assertThat(call.getString("client")).isEqualTo(ADDRESS);
        audit.await("for the revocation", with("event", "revocation", "outcome", "success", "sub", admin, "revokedSub", revoked));
        audit.await("for the refused bearer", with("stage", "api", "outcome", "failure", "reason", "malformed"));
        audit.await("for the refused revocation", with("event", "revocation", "outcome", "failure",
                "reason", "insufficient_permissions", "sub", "audit-plain-" + tag));
        assertThat(audit.all()).allSatisfy(line -> assertThat(line.keySet()).contains("ts", "event", "outcome")
                .doesNotContainAnyElementsOf(Set.of("token", "jwt", "signature")));
    }

    @Test
    void an_admins_disconnect_of_a_user_is_audited_as_moderation() {
        String admin = "audit-disconnector-" + tag;
        String target = "audit-disconnected-" + tag;
        assertThat(HttpApi.post("users/" + target + "/disconnect", user(admin, "admin"), "{\"reason\":\"audit\"}").statusCode())
                .isEqualTo(204);
        assertThat(HttpApi.post("users/server/disconnect", user(admin, "admin"), "{}").statusCode()).isEqualTo(403);

        audit.await("for the disconnect", with("event", "moderation", "stage", "api:disconnect", "outcome", "success",
                "sub", admin, "target", target));
        audit.await("for the refused disconnect", with("stage", "api:disconnect", "outcome", "failure",
                "reason", "insufficient_permissions", "target", "server"));
    }

    private static String signatureOf(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }
}
