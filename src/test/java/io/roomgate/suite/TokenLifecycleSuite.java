package io.roomgate.suite;

import static io.roomgate.suite.HandshakeSuite.assertUnauthorized;
import static io.roomgate.testing.Requests.join;
import static io.roomgate.testing.Requests.kick;
import static io.roomgate.testing.Requests.ping;
import static io.roomgate.testing.Requests.refresh;
import static io.roomgate.testing.Requests.send;
import static io.roomgate.testing.Requests.text;
import static io.roomgate.testing.Tokens.claims;
import static io.roomgate.testing.Tokens.rs256;
import static io.roomgate.testing.Tokens.tenantUser;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomgate.testing.Frame;
import io.roomgate.testing.JwksServer;
import io.roomgate.testing.SuiteConfig;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL §2.2: a connection lives only as long as its token, warned before the end, and a
 * refreshed token takes over without a reconnect. Tokens that expired a few seconds ago are still
 * inside the suite's clock skew (the default 5 s), so their connections end within seconds.
 */
@DisplayName("§2.2 Token lifecycle")
public abstract class TokenLifecycleSuite {

    /** Seconds past exp: accepted inside the 5 s skew, ended by the server 2 s later. */
    private static final int PAST_EXP = 3;

    @Test
    void a_token_about_to_end_is_warned_once_then_the_connection_closes_with_jwt_expired() {
        long exp = now() - PAST_EXP;
        try (var client = WsClient.connected(Target.rooms(), endingAt("ending", exp))) {
            var warning = client.expect("token:expiring");
            assertThat(warning.payload().getJsonNumber("exp").longValue()).isEqualTo(exp);
            var error = client.expect("hub:error");
            assertThat(error.errorCode()).isEqualTo("unauthorized");
            assertThat(error.errorMessage()).isEqualTo("JWT expired");
            assertThat(error.payload().getJsonObject("details").getJsonNumber("expiredAt").longValue()).isEqualTo(exp);
            assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1008, "Token expired");
        }
    }

    @Test
    void after_the_expiry_nothing_more_reaches_the_connection() {
        try (var ending = WsClient.connected(Target.rooms(), endingAt("quiet-end", now() - PAST_EXP));
             var talker = WsClient.connected(Target.rooms(), user("talker"))) {
            // its token:expiring (sent at once, so little is left) may come before or after the reply
            ending.send(join("t-end", "j"));
            ending.nextMatching(f -> "j".equals(f.id()));
            talker.joined("t-end");
            var sent = new AtomicInteger();
            // the room keeps talking until the server has closed the expired connection
            await().atMost(WsClient.WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                talker.send(send("t-end", text("n" + sent.getAndIncrement())));
                return ending.isClosed();
            });
            ending.awaitClose();
            var frames = ending.drain();
            assertThat(frames).as("messages flowed until the expiry").anyMatch(f -> f.type().equals("room:message"));
            Frame last = frames.get(frames.size() - 1);
            assertThat(last.type()).isEqualTo("hub:error");
            assertThat(last.errorMessage()).isEqualTo("JWT expired");
        }
    }

    @Test
    void a_refreshed_token_replaces_exp_and_roles_and_the_connection_outlives_the_old_token() {
        long oldExp = now() - PAST_EXP;
        try (var client = WsClient.connected(Target.rooms(), endingAt("renewer", oldExp));
             var other = WsClient.connected(Target.rooms(), user("renewed-victim"))) {
            long newExp = now() + 300;
            client.send(refresh(rs256(claims("renewer").expiresAt(newExp).groups(Set.of("moderator"))), "r1"));
            var refreshed = client.nextMatching(f -> f.type().equals("token:refreshed"));
            assertThat(refreshed.id()).isEqualTo("r1");
            assertThat(refreshed.payload().getJsonNumber("exp").longValue()).isEqualTo(newExp);

            // the old token ended at oldExp + 5 s skew, about 2 s from now: listening 4 s reaches past
            // that, and neither its "JWT expired" nor a close may come
            client.expectSilence(Duration.ofSeconds(PAST_EXP + 1));
            client.joined("t-renew");
            other.joined("t-renew");
            client.send(kick("t-renew", "renewed-victim", null, null, "k"));
            assertThat(client.nextMatching(f -> "k".equals(f.id())).type()).as("kick with the new role").isEqualTo("hub:ok");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void a_token_of_another_user_or_tenant_reads_user_mismatch_and_the_old_identity_stays() {
        try (var client = WsClient.connected(Target.rooms(), tenantUser("mia", "acme"))) {
            client.send(refresh(tenantUser("not-mia", "acme"), "r1"));
            assertMismatch(client.nextMatching(f -> "r1".equals(f.id())));
            client.send(refresh(tenantUser("mia", "globex"), "r2"));
            assertMismatch(client.nextMatching(f -> "r2".equals(f.id())));

            client.send(ping("p"));
            assertThat(client.nextMatching(f -> "p".equals(f.id())).type()).isEqualTo("pong");
            var snapshot = client.joined("t-mismatch");
            assertThat(RoomsSuite.userIds(snapshot.payload())).containsExactly("mia");
        }
    }

    @Test
    void a_refresh_with_a_forged_token_closes_1008_unauthorized() {
        try (var client = WsClient.connected(Target.rooms(), user("forger"))) {
            client.send(refresh(claims("forger").jws().keyId(JwksServer.RSA_KID).sign(SuiteKeys.OTHER_RSA.getPrivate()), "r"));
            assertUnauthorized(client, "Invalid JWT: signature verification failed", "Unauthorized");
        }
    }

    @Test
    void a_connection_the_server_ended_no_longer_counts_for_its_user_a_reconnect_at_once_is_admitted() {
        var open = new ArrayList<WsClient>();
        try {
            for (int i = 0; i < SuiteConfig.CONNECTIONS_PER_USER; i++) {
                open.add(WsClient.connected(Target.rooms(), user("refilled")));
            }
            try (var ended = open.remove(0)) {
                ended.send(refresh(claims("refilled").jws().keyId(JwksServer.RSA_KID).sign(SuiteKeys.OTHER_RSA.getPrivate()), "r"));
                assertUnauthorized(ended, "Invalid JWT: signature verification failed", "Unauthorized");
            }
            // not once settled: the slot is free by the time the close reaches the client
            open.add(WsClient.connected(Target.rooms(), user("refilled")));
        } finally {
            open.forEach(WsClient::close);
        }
    }

    @Test
    void a_refresh_with_an_expired_token_reads_jwt_expired_and_closes_1008_unauthorized() {
        long exp = now() - 3600;
        try (var client = WsClient.connected(Target.rooms(), user("stale"))) {
            client.send(refresh(endingAt("stale", exp), "r"));
            var error = client.expect("hub:error");
            assertThat(error.errorMessage()).isEqualTo("JWT expired");
            assertThat(error.payload().getJsonObject("details").getJsonNumber("expiredAt").longValue()).isEqualTo(exp);
            assertThat(client.awaitClose()).extracting("code", "reason").containsExactly(1008, "Unauthorized");
        }
    }

    private static void assertMismatch(Frame reply) {
        assertThat(reply.type()).isEqualTo("hub:error");
        assertThat(reply.errorCode()).isEqualTo("user_mismatch");
        assertThat(reply.errorMessage()).isEqualTo("User mismatch");
    }

    private static String endingAt(String subject, long exp) {
        return rs256(claims(subject).issuedAt(exp - 60).expiresAt(exp));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
