package io.roomgate.suite;

import static io.roomgate.testing.ApiAnswers.assertProblem;
import static io.roomgate.testing.ApiAnswers.json;
import static io.roomgate.testing.Requests.ping;
import static io.roomgate.testing.Tokens.tenantUser;
import static io.roomgate.testing.Tokens.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.HttpApi;
import io.roomgate.testing.ServerLog;
import io.roomgate.testing.SuiteKeys;
import io.roomgate.testing.Target;
import io.roomgate.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL §7's HTTP API beside revocations: messages to a room, a room's presence and history
 * (§8, off here) and a user's disconnect, each with its roles and tenant rules (an admin acts in its own tenant, the server
 * bypass in the one it names), and the JSON error body for everything under {@code /api/} that
 * goes wrong, the server's own refusals included. Effects on this node are done when the API
 * answers, so a ping's pong after them shows that nothing else arrived.
 */
@DisplayName("§7 HTTP API: messages, presence, history, disconnect")
public abstract class HttpApiSuite {

    private static final String ACME_ADMIN = tenantUser("api-acme-admin", "acme", "admin");
    private static final String GLOBEX_ADMIN = tenantUser("api-globex-admin", "globex", "admin");
    private static final String TENANT_LESS_ADMIN = user("api-admin", "admin");
    private static final String BYPASS = SuiteKeys.BYPASS_SECRET;

    @Test
    void an_admin_publishes_to_every_member_connection_of_the_room_in_its_own_tenant() {
        String room = uniqueRoom();
        try (var first = joined(tenantUser("api-ann", "acme"), room);
             var second = joined(tenantUser("api-ann", "acme"), room);
             var otherTenant = joined(tenantUser("api-ann", "globex"), room)) {
            var answer = HttpApi.post(messages(room), ACME_ADMIN, "{\"event\":\"notice\",\"data\":{\"text\":\"hi\"}}");

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            for (var member : new WsClient[] {first, second}) {
                var message = member.expect("room:message").payload();
                assertThat(message.getString("room")).isEqualTo(room);
                assertThat(message.getString("event")).isEqualTo("notice");
                assertThat(message.getJsonObject("data").getString("text")).isEqualTo("hi");
                assertThat(message.getJsonObject("from").getString("userId")).isEqualTo("server");
                assertThat(message.getJsonObject("from").getString("username")).isEqualTo("server");
                assertThat(message.getJsonNumber("ts").longValue()).isPositive();
            }
            assertNothingBefore(otherTenant);
        }
    }

    @Test
    void an_admin_naming_another_tenant_is_forbidden_and_nothing_is_delivered() {
        String room = uniqueRoom();
        try (var globex = joined(tenantUser("api-bob", "globex"), room);
             var tenantLess = joined(user("api-bob"), room)) {
            assertForbidden(HttpApi.post(messages(room), ACME_ADMIN, "{\"data\":1,\"tenant\":\"globex\"}"));
            assertForbidden(HttpApi.post(messages(room), TENANT_LESS_ADMIN, "{\"data\":1,\"tenant\":\"globex\"}"));
            assertThat(HttpApi.post(messages(room), GLOBEX_ADMIN, "{\"data\":2,\"tenant\":\"globex\"}").statusCode()).isEqualTo(202);

            var message = globex.expect("room:message").payload();
            assertThat(message.getInt("data")).isEqualTo(2);
            assertThat(message.getString("event")).as("the default event").isEqualTo("message");
            assertNothingBefore(tenantLess);
        }
    }

    @Test
    void a_tenant_less_admin_publishes_in_the_tenant_less_scope_only() {
        String room = uniqueRoom();
        try (var tenantLess = joined(user("api-cat"), room);
             var acme = joined(tenantUser("api-cat", "acme"), room)) {
            assertThat(HttpApi.post(messages(room), TENANT_LESS_ADMIN, "{\"data\":\"x\"}").statusCode()).isEqualTo(202);

            assertThat(tenantLess.expect("room:message").payload().getString("data")).isEqualTo("x");
            assertNothingBefore(acme);
        }
    }

    @Test
    void the_server_bypass_publishes_in_the_tenant_it_names_and_without_one_in_the_tenant_less_scope() {
        String room = uniqueRoom();
        try (var globex = joined(tenantUser("api-dan", "globex"), room);
             var tenantLess = joined(user("api-dan"), room)) {
            assertThat(HttpApi.post(messages(room), BYPASS, "{\"data\":\"to globex\",\"tenant\":\"globex\"}").statusCode())
                    .isEqualTo(202);
            assertThat(globex.expect("room:message").payload().getString("data")).isEqualTo("to globex");
            assertNothingBefore(tenantLess);

            assertThat(HttpApi.post(messages(room), BYPASS, "{\"data\":\"to nobody's tenant\"}").statusCode()).isEqualTo(202);
            assertThat(tenantLess.expect("room:message").payload().getString("data")).isEqualTo("to nobody's tenant");
            assertNothingBefore(globex);
        }
    }

    @Test
    void presence_lists_the_rooms_users_once_each_by_user_id_with_the_count_and_pages_on_after() {
        String room = uniqueRoom();
        try (var carol = joined(tenantUser("api-p-carol", "acme"), room);
             var alice = joined(tenantUser("api-p-alice", "acme"), room);
             var aliceAgain = joined(tenantUser("api-p-alice", "acme"), room);
             var bob = joined(tenantUser("api-p-bob", "acme"), room);
             var elsewhere = joined(tenantUser("api-p-zed", "globex"), room)) {
            var all = presence(room, ACME_ADMIN, "");
            assertThat(all.getString("room")).isEqualTo(room);
            assertThat(userIds(all)).containsExactly("api-p-alice", "api-p-bob", "api-p-carol");
            assertThat(all.getJsonArray("members").getJsonObject(0).getString("username")).isEqualTo("api-p-alice");
            assertThat(all.getInt("count")).isEqualTo(3);
            assertThat(all.containsKey("truncated")).isFalse();

            var page = presence(room, ACME_ADMIN, "?after=api-p-alice");
            assertThat(userIds(page)).containsExactly("api-p-bob", "api-p-carol");
            assertThat(page.getInt("count")).isEqualTo(3);

            assertThat(userIds(presence(room, BYPASS, "?tenant=acme&after="))).containsExactly("api-p-alice", "api-p-bob", "api-p-carol");
            assertThat(userIds(presence(room, GLOBEX_ADMIN, ""))).containsExactly("api-p-zed");
            var tenantLess = presence(room, TENANT_LESS_ADMIN, "");
            assertThat(userIds(tenantLess)).isEmpty();
            assertThat(tenantLess.getInt("count")).isZero();

            assertForbidden(HttpApi.get(presencePath(room) + "?tenant=globex", ACME_ADMIN));
            assertForbidden(HttpApi.get(presencePath(room), tenantUser("api-p-alice", "acme")));
        }
    }

    @Test
    void with_history_off_a_rooms_history_is_empty_and_has_no_epoch() {
        String room = uniqueRoom();
        assertThat(HttpApi.post(messages(room), ACME_ADMIN, "{\"data\":1}").statusCode()).isEqualTo(202);

        var history = json(HttpApi.get("rooms/" + room + "/history?since=0&limit=5", ACME_ADMIN));

        assertThat(history.getString("room")).isEqualTo(room);
        assertThat(history.isNull("epoch")).isTrue();
        assertThat(history.getInt("offset")).isZero();
        assertThat(history.getJsonArray("messages")).isEmpty();
        assertForbidden(HttpApi.get("rooms/" + room + "/history?tenant=globex", ACME_ADMIN));
        assertForbidden(HttpApi.get("rooms/" + room + "/history", tenantUser("api-h-alice", "acme")));
    }

    @Test
    void an_admin_disconnects_every_connection_of_a_user_in_its_tenant_and_no_one_else() {
        String room = uniqueRoom();
        try (var first = joined(tenantUser("api-eve", "acme"), room);
             var second = WsClient.connected(Target.rooms(), tenantUser("api-eve", "acme"));
             var bystander = joined(tenantUser("api-fay", "acme"), room);
             var otherTenant = WsClient.connected(Target.rooms(), tenantUser("api-eve", "globex"))) {
            assertThat(HttpApi.post(disconnect("api-eve"), ACME_ADMIN, "{\"reason\":\"maintenance\"}").statusCode()).isEqualTo(204);

            for (var connection : new WsClient[] {first, second}) {
                var kicked = connection.expect("user:kicked").payload();
                assertThat(kicked.isNull("room")).as("no room: a disconnect from everywhere").isTrue();
                assertThat(kicked.getString("userId")).isEqualTo("api-eve");
                assertThat(kicked.getString("by")).isEqualTo("api-acme-admin");
                assertThat(kicked.getString("reason")).isEqualTo("maintenance");
                assertThat(connection.awaitClose()).extracting("code", "reason").containsExactly(1008, "Kicked by moderator");
            }
            assertNothingBefore(bystander);
            assertNothingBefore(otherTenant);
        }
    }

    @Test
    void only_admins_disconnect_and_only_in_their_own_tenant() {
        try (var target = WsClient.connected(Target.rooms(), tenantUser("api-gus", "globex"))) {
            assertForbidden(HttpApi.post(disconnect("api-gus"), ACME_ADMIN, "{\"tenant\":\"globex\"}"));
            assertForbidden(HttpApi.post(disconnect("api-gus"), TENANT_LESS_ADMIN, "{\"tenant\":\"globex\"}"));
            assertForbidden(HttpApi.post(disconnect("api-gus"), BYPASS, "{\"tenant\":\"globex\"}"));
            assertForbidden(HttpApi.post(disconnect("api-gus"), tenantUser("api-mod", "globex", "moderator"), "{}"));
            assertForbidden(HttpApi.post(disconnect("server"), TENANT_LESS_ADMIN, "{}"));
            assertNothingBefore(target);

            assertThat(HttpApi.post(disconnect("api-gus"), GLOBEX_ADMIN, "").statusCode()).as("no body: {}").isEqualTo(204);
            var kicked = target.expect("user:kicked").payload();
            assertThat(kicked.isNull("reason")).isTrue();
            assertThat(target.awaitClose()).extracting("code", "reason").containsExactly(1008, "Kicked by moderator");
        }
    }

    @Test
    void every_endpoint_refuses_callers_without_a_token_401_and_without_the_role_403() {
        String room = uniqueRoom();
        String plainUser = tenantUser("api-plain", "acme");
        String moderator = tenantUser("api-moderator", "acme", "moderator");
        var anonymous = HttpApi.post(messages(room), null, "{\"data\":1}");
        assertProblem(anonymous, 401, "unauthorized", "JWT required");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertProblem(HttpApi.get(presencePath(room), null), 401, "unauthorized", "JWT required");
        assertProblem(HttpApi.post(disconnect("api-x"), null, "{}"), 401, "unauthorized", "JWT required");
        assertProblem(HttpApi.post(messages(room), ACME_ADMIN.substring(0, ACME_ADMIN.lastIndexOf('.') + 1) + "AAAA", "{\"data\":1}"),
                401, "unauthorized", "Invalid JWT: signature verification failed");

        for (String caller : new String[] {plainUser, moderator}) {
            assertForbidden(HttpApi.post(messages(room), caller, "{\"data\":1}"));
            assertForbidden(HttpApi.get(presencePath(room), caller));
            assertForbidden(HttpApi.post(disconnect("api-x"), caller, "{}"));
        }
    }

    @Test
    void bodies_that_cannot_be_parsed_are_a_bad_request_whatever_the_parser_says_and_leave_no_stack_trace() {
        long mark = ServerLog.mark();
        String room = uniqueRoom();
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        String hugeNumber = "9".repeat(1200);
        for (String body : new String[] {"not json", "[1]", "{\"data\":1", "{\"data\":" + deep + "}",
                "{\"data\":" + hugeNumber + "}", "{\"data\":1}{\"data\":2}"}) {
            assertMalformed(HttpApi.post(messages(room), ACME_ADMIN, body), body);
            assertMalformed(HttpApi.post(disconnect("api-x"), ACME_ADMIN, body.replace("data", "reason")), body);
        }
        assertMalformed(HttpApi.post(messages(room), ACME_ADMIN, "{\"event\":\"e\"}"), "no data");
        assertMalformed(HttpApi.post(messages(room), ACME_ADMIN, "{\"event\":7,\"data\":1}"), "event not a string");
        assertMalformed(HttpApi.post(messages(room), ACME_ADMIN, "{\"data\":1,\"tenant\":\"\"}"), "empty tenant");
        assertMalformed(HttpApi.post(disconnect("api-x"), ACME_ADMIN, "{\"reason\":42}"), "reason not a string");
        assertMalformed(HttpApi.get(presencePath(room) + "?tenant=%0A", BYPASS), "a tenant with a line break");
        assertThat(ServerLog.since(mark).lines().map(String::strip)
                .filter(line -> line.startsWith("at io.roomgate.") || line.startsWith("at org.eclipse.parsson."))).isEmpty();
    }

    /** Any valid token gets as far as the body: its size must not be the caller's to choose. */
    @Test
    void a_body_far_over_any_limit_is_refused_without_being_held() {
        String huge = "{\"data\":\"" + "x".repeat(4 << 20) + "\"}";
        assertNoServerPage(assertProblem(HttpApi.post(messages(uniqueRoom()), ACME_ADMIN, huge), 413, "bad_request", "Malformed request"));
        assertNoServerPage(assertProblem(HttpApi.post("revocations", ACME_ADMIN, "{\"jti\":\"" + "j".repeat(1 << 20) + "\"}"),
                413, "bad_request", "Malformed request"));
    }

    @Test
    void a_bad_room_name_is_a_bad_request() {
        for (String room : new String[] {"with%20space", "x".repeat(129), "semi%3Bcolon"}) {
            assertProblem(HttpApi.post(messages(room), ACME_ADMIN, "{\"data\":1}"), 400, "bad_request", "Invalid room name");
            assertProblem(HttpApi.get(presencePath(room), ACME_ADMIN), 400, "bad_request", "Invalid room name");
        }
    }

    @Test
    void unknown_paths_wrong_methods_and_media_types_under_api_answer_the_json_error_body() {
        String room = uniqueRoom();
        assertNoServerPage(assertProblem(HttpApi.get("no-such-thing", ACME_ADMIN), 404, "not_found", "Not found"));
        assertNoServerPage(assertProblem(HttpApi.get("rooms/" + room + "/nothing-here", null), 404, "not_found", "Not found"));
        var wrongMethod = HttpApi.get(messages(room), ACME_ADMIN);
        assertNoServerPage(assertProblem(wrongMethod, 405, "bad_request", "Method not allowed"));
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
        assertNoServerPage(assertProblem(HttpApi.call("DELETE", "revocations", ACME_ADMIN, null, null),
                405, "bad_request", "Method not allowed"));
        assertNoServerPage(assertProblem(HttpApi.call("POST", messages(room), ACME_ADMIN, "text/plain", "{\"data\":1}"),
                415, "bad_request", "Unsupported media type"));
    }

    @Test
    void health_answers_up_without_a_token() {
        for (String probe : new String[] {"live", "ready", "started"}) {
            var answer = HttpApi.get("health/" + probe, null);
            assertThat(answer.statusCode()).as(probe + ": " + answer.body()).isEqualTo(200);
            var health = json(answer);
            assertThat(health.getString("status")).isEqualTo("UP");
            assertThat(health.getJsonArray("checks")).isNotEmpty().allSatisfy(check -> {
                assertThat(check.asJsonObject().getString("name")).isNotBlank();
                assertThat(check.asJsonObject().getString("status")).isEqualTo("UP");
            });
        }
        assertThat(json(HttpApi.get("health/ready", null)).getJsonArray("checks").stream()
                .map(check -> check.asJsonObject().getString("name")))
                .containsExactly("started", "verification-key", "accepting-connections");
    }

    private static WsClient joined(String token, String room) {
        var client = WsClient.connected(Target.rooms(), token);
        client.joined(room);
        return client;
    }

    /** The ping's pong is the next frame: nothing the API did reached this connection before it. */
    private static void assertNothingBefore(WsClient client) {
        String id = "fence-" + UUID.randomUUID();
        client.send(ping(id));
        assertThat(client.expect("pong").id()).isEqualTo(id);
    }

    private static JsonObject presence(String room, String bearer, String query) {
        var answer = HttpApi.get(presencePath(room) + query, bearer);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return json(answer);
    }

    private static List<String> userIds(JsonObject snapshot) {
        return snapshot.getJsonArray("members").stream().map(member -> member.asJsonObject().getString("userId")).toList();
    }

    private static void assertForbidden(HttpResponse<String> answer) {
        assertProblem(answer, 403, "forbidden", "Insufficient permissions");
    }

    private static void assertMalformed(HttpResponse<String> answer, String what) {
        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(400);
        assertProblem(answer, 400, "bad_request", "Malformed request");
    }

    /** No word of the server's own error pages: JSON from Roomgate, nothing naming the server. */
    private static void assertNoServerPage(JsonObject problem) {
        assertThat(problem.keySet()).containsExactlyInAnyOrder("code", "message", "details");
        assertThat(problem.values()).noneMatch(value -> value instanceof JsonString text && text.getString().contains("<"));
    }

    private static String messages(String room) {
        return "rooms/" + room + "/messages";
    }

    private static String presencePath(String room) {
        return "rooms/" + room + "/presence";
    }

    private static String disconnect(String userId) {
        return "users/" + userId + "/disconnect";
    }

    private static String uniqueRoom() {
        return "api-" + UUID.randomUUID();
    }
}
