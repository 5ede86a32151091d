package io.roomgate.suite;

import static io.roomgate.suite.HandshakeSuite.assertUnauthorized;
import static io.roomgate.testing.ApiAnswers.assertProblem;
import static io.roomgate.testing.ApiAnswers.json;
import static io.roomgate.testing.Requests.ping;
import static io.roomgate.testing.Requests.refresh;
import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.rs256;
import static io.roomgate.testing.Tokens.tenantUser;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.HttpApi;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL §2.2 revocation through §7's {@code POST /api/revocations}: live connections using a
 * revoked token are closed, and the token is refused from then on, at the handshake and on refresh.
 * The cut happens before the API answers 204, so the error is already on its way when the test reads.
 */
@DisplayName("§2.2 Revocation, §7 POST /api/revocations")
public abstract class RevocationSuite {

    private static final String ADMIN = user("rev-admin", "admin");

    @Test
    void revoking_a_jti_closes_the_connections_using_it_and_no_others() {
        String jti = uniqueJti();
        try (var revoked = WsClient.connected(Target.rooms(), withJti("rev-jti", jti));
             var sameUserOtherToken = WsClient.connected(Target.rooms(), user("rev-jti"))) {
            assertThat(revoke("{\"jti\":\"" + jti + "\"}").statusCode()).isEqualTo(204);

            assertUnauthorized(revoked, "JWT revoked", "Token revoked");
            sameUserOtherToken.send(ping("still-here"));
            assertThat(sameUserOtherToken.expect("pong").id()).isEqualTo("still-here");
        }
    }

    @Test
    void a_revoked_token_is_refused_at_the_handshake_and_a_new_one_is_accepted() {
        String jti = uniqueJti();
        String token = withJti("rev-again", jti);
        assertThat(revoke("{\"jti\":\"" + jti + "\"}").statusCode()).isEqualTo(204);

        try (var refused = WsClient.to(Target.rooms()).bearer(token).open()) {
            assertUnauthorized(refused, "JWT revoked", "Unauthorized");
        }
        try (var fresh = WsClient.connected(Target.rooms(), user("rev-again"))) {
            assertThat(fresh.isClosed()).isFalse();
        }
    }

    @Test
    void an_exp_given_with_a_revocation_cannot_shorten_it() {
        String jti = uniqueJti();
        String token = withJti("rev-early-exp", jti);
        assertThat(revoke("{\"jti\":\"" + jti + "\",\"exp\":" + (now() - 3600) + "}").statusCode()).isEqualTo(204);

        try (var refused = WsClient.to(Target.rooms()).bearer(token).open()) {
            assertUnauthorized(refused, "JWT revoked", "Unauthorized");
        }
    }

    @Test
    void refreshing_to_a_revoked_token_is_unauthorized() {
        String jti = uniqueJti();
        String replacement = withJti("rev-refresh", jti);
        assertThat(revoke("{\"jti\":\"" + jti + "\",\"exp\":" + (now() + 300) + "}").statusCode()).isEqualTo(204);

        try (var client = WsClient.connected(Target.rooms(), user("rev-refresh"))) {
            client.send(refresh(replacement, "r"));
            assertUnauthorized(client, "JWT revoked", "Unauthorized");
        }
    }

    @Test
    void revoking_a_subject_before_an_instant_cuts_its_older_tokens_and_admits_newer_ones() {
        long now = now();
        String older = rs256(claims("rev-sub").issuedAt(now - 120).expiresAt(now + 300));
        try (var cut = WsClient.connected(Target.rooms(), older);
             var otherUser = WsClient.connected(Target.rooms(), user("rev-sub-neighbour"))) {
            assertThat(revoke("{\"sub\":\"rev-sub\",\"before\":" + (now - 60) + "}").statusCode()).isEqualTo(204);

            assertUnauthorized(cut, "JWT revoked", "Token revoked");
            try (var newer = WsClient.connected(Target.rooms(), user("rev-sub"))) {
                newer.send(ping("newer"));
                assertThat(newer.expect("pong").id()).isEqualTo("newer");
            }
            otherUser.send(ping("neighbour"));
            assertThat(otherUser.expect("pong").id()).isEqualTo("neighbour");
        }
    }

    @Test
    void an_admin_of_a_tenant_revokes_in_that_tenant_only() {
        String acmeAdmin = tenantUser("rev-acme-admin", "acme", "admin");
        try (var acme = WsClient.connected(Target.rooms(), tenantUser("rev-tenant", "acme"));
             var globex = WsClient.connected(Target.rooms(), tenantUser("rev-tenant", "globex"))) {
            assertProblem(HttpApi.post("revocations", acmeAdmin, "{\"sub\":\"rev-tenant\",\"before\":" + (now() + 1)
                    + ",\"tenant\":\"globex\"}"), 403, "forbidden", "Insufficient permissions");
            assertThat(HttpApi.post("revocations", acmeAdmin, "{\"sub\":\"rev-tenant\",\"before\":" + (now() + 1) + "}")
                    .statusCode()).isEqualTo(204);

            assertUnauthorized(acme, "JWT revoked", "Token revoked");
            globex.send(ping("other-tenant"));
            assertThat(globex.expect("pong").id()).isEqualTo("other-tenant");
        }
    }

    @Test
    void a_tenant_less_admin_revokes_in_the_tenant_less_scope_only() {
        String subject = "rev-scope-" + UUID.randomUUID();
        try (var acme = WsClient.connected(Target.rooms(), tenantUser(subject, "acme"));
             var tenantLess = WsClient.connected(Target.rooms(), user(subject))) {
            assertProblem(HttpApi.post("revocations", ADMIN, "{\"sub\":\"" + subject + "\",\"before\":" + (now() + 1)
                    + ",\"tenant\":\"acme\"}"), 403, "forbidden", "Insufficient permissions");
            assertThat(revoke("{\"sub\":\"" + subject + "\",\"before\":" + (now() + 1) + "}").statusCode()).isEqualTo(204);

            assertUnauthorized(tenantLess, "JWT revoked", "Token revoked");
            acme.send(ping("other-scope"));
            assertThat(acme.expect("pong").id()).isEqualTo("other-scope");

            assertThat(HttpApi.post("revocations", tenantUser("rev-acme-admin", "acme", "admin"),
                    "{\"sub\":\"" + subject + "\",\"before\":" + (now() + 1) + "}").statusCode()).isEqualTo(204);
            assertUnauthorized(acme, "JWT revoked", "Token revoked");
        }
    }

    @Test
    void tokens_issued_at_the_epoch_or_before_it_are_revoked_like_any_other() {
        String jti = uniqueJti();
        long now = now();
        String atEpoch = rs256(claims("rev-epoch").issuedAt(0).expiresAt(now + 300).claim("jti", jti));
        String beforeEpoch = rs256(claims("rev-before-epoch").issuedAt(-5).expiresAt(now + 300));
        try (var byJti = WsClient.connected(Target.rooms(), atEpoch);
             var bySubject = WsClient.connected(Target.rooms(), beforeEpoch)) {
            assertThat(revoke("{\"jti\":\"" + jti + "\"}").statusCode()).isEqualTo(204);
            assertUnauthorized(byJti, "JWT revoked", "Token revoked");

            assertThat(revoke("{\"sub\":\"rev-before-epoch\",\"before\":" + now + "}").statusCode()).isEqualTo(204);
            assertUnauthorized(bySubject, "JWT revoked", "Token revoked");
        }
    }

    @Test
    void the_server_bypass_is_no_admin_here() {
        assertProblem(HttpApi.post("revocations", SuiteKeys.BYPASS_SECRET, "{\"jti\":\"" + uniqueJti() + "\"}"),
                403, "forbidden", "Insufficient permissions");
    }

    @Test
    void the_api_refuses_callers_without_a_valid_admin_token_and_revokes_nothing() {
        String jti = uniqueJti();
        String body = "{\"jti\":\"" + jti + "\"}";
        try (var bystander = WsClient.connected(Target.rooms(), withJti("rev-bystander", jti))) {
            var anonymous = HttpApi.post("revocations", null, body);
            assertProblem(anonymous, 401, "unauthorized", "JWT required");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

            var forged = HttpApi.post("revocations", ADMIN.substring(0, ADMIN.lastIndexOf('.') + 1) + "AAAA", body);
            assertProblem(forged, 401, "unauthorized", "Invalid JWT: signature verification failed");
            assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");

            assertProblem(HttpApi.post("revocations", user("rev-moderator", "moderator"), body),
                    403, "forbidden", "Insufficient permissions");

            bystander.send(ping("untouched"));
            assertThat(bystander.expect("pong").id()).isEqualTo("untouched");
        }
    }

    @Test
    void a_body_the_api_cannot_use_is_a_bad_request_naming_the_field() {
        assertMalformed("not json", "body");
        assertMalformed("[\"jti\"]", "body");
        assertMalformed("{}", "jti");
        assertMalformed("{\"jti\":\"a\",\"sub\":\"b\",\"before\":1}", "sub");
        assertMalformed("{\"jti\":\"\"}", "jti");
        assertMalformed("{\"jti\":\"line\\nbreak\"}", "jti");
        assertMalformed("{\"jti\":\"a\",\"exp\":\"soon\"}", "exp");
        assertMalformed("{\"sub\":\"someone\"}", "before");
        assertMalformed("{\"sub\":\"someone\",\"before\":-5}", "before");
        assertMalformed("{\"sub\":42,\"before\":1}", "sub");
        // what Parsson refuses with exceptions other than JsonException
        assertProblem(revoke("{\"sub\":\"someone\",\"before\":" + "9".repeat(1200) + "}"), 400, "bad_request", "Malformed request");
        assertMalformed("{\"jti\":\"a\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", "body");
    }

    private static void assertMalformed(String body, String field) {
        var response = revoke(body);
        assertProblem(response, 400, "bad_request", "Malformed request");
        assertThat(json(response).getJsonObject("details").getString("field")).as(body).isEqualTo(field);
    }

    private static HttpResponse<String> revoke(String body) {
        return HttpApi.post("revocations", ADMIN, body);
    }

    private static String withJti(String subject, String jti) {
        return rs256(claims(subject).preferredUserName(subject).groups(Set.of()).claim("jti", jti));
    }

    private static String uniqueJti() {
        return "jti-" + UUID.randomUUID();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
