package io.roomgate.suite;

import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.ServerConfig;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.Json;
import java.io.StringReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL §1's optional mode, {@code roomgate.auth.reject-at-upgrade=true}: an invalid credential
 * is refused with HTTP 401 before the upgrade. It lives in the servlet filter on the upgrade path,
 * so it runs on real servers only (the in-process server has no servlet layer).
 */
@DisplayName("§1 Reject at upgrade")
@ServerConfig(ServerConfig.Kind.ALTERNATE)
public abstract class RejectAtUpgradeSuite {

    @Test
    void an_invalid_credential_in_the_upgrade_gets_http_401() {
        assertThat(WsClient.to(Target.rooms()).bearer("not-a-jwt").upgradeStatus()).isEqualTo(401);
        assertThat(WsClient.to(Target.rooms("access_token=" + hs256(claims("x")))).upgradeStatus())
                .as("a valid signature without the required tenant").isEqualTo(401);
    }

    @Test
    void the_401_challenges_the_token_and_carries_the_refusal_a_socket_would_have_read() {
        var response = WsClient.to(Target.rooms()).bearer("not-a-jwt").upgradeResponse();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().get("www-authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        var problem = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(problem.getString("code")).isEqualTo("unauthorized");
        assertThat(problem.getString("message")).isEqualTo("Invalid JWT: malformed");
    }

    @Test
    void an_expired_token_s_401_says_when_it_expired() {
        long expiredAt = System.currentTimeMillis() / 1000 - 3600;
        String expired = hs256(claims("late").claim("tenant_id", "acme").issuedAt(expiredAt - 300).expiresAt(expiredAt));

        var response = WsClient.to(Target.rooms()).bearer(expired).upgradeResponse();

        assertThat(response.status()).isEqualTo(401);
        var problem = Json.createReader(new StringReader(response.body())).readObject();
        assertThat(problem.getString("message")).isEqualTo("JWT expired");
        assertThat(problem.getJsonObject("details").getJsonNumber("expiredAt").longValue()).isEqualTo(expiredAt);
    }

    @Test
    void a_valid_credential_and_no_credential_still_upgrade() {
        assertThat(WsClient.to(Target.rooms()).bearer(hs256(claims("ok").claim("tenant_id", "acme"))).upgradeStatus())
                .isEqualTo(101);
        assertThat(WsClient.to(Target.rooms()).upgradeStatus()).isEqualTo(101);
    }
}
