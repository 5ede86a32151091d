package io.roomgate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.DemoRun;
import io.roomgate.testing.RunLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a person does with the demo page on a running demo server, and what they must see; where a
 * page cannot show it (a reconnect that did not happen), the server's log must. User and room names
 * carry the server's name, so a log line is always this scenario's. Each scenario leaves a screenshot
 * of its first page in {@code target/browser/<server>/<scenario>.png}.
 */
public final class DemoPageScenarios {

    /** A bounded wait proving that nothing more happens: longer than the client's first three backoffs (0.5, 1, 2 s). */
    private static final Duration NOTHING_MORE = Duration.ofSeconds(4);
    private static final Duration LOG_DELAY = Duration.ofSeconds(10);
    private static final int HOUR = 3600;

    private final DemoRun run;
    private final String tag;
    private final Path screenshots;

    public DemoPageScenarios(DemoRun run, Path screenshots) {
        this.run = run;
        this.tag = run.command().slug();
        this.screenshots = screenshots;
    }

    /** (a) Two users in one room: each sees the other arrive, their messages, and the other leave. */
    public void chat() throws Exception {
        scenario("chat", 2, pages -> {
            String room = "chat-" + tag;
            var both = twoInRoom(pages, room, "ann", "user", "ben", "user");
            var ann = both.first();
            var ben = both.second();
            String annId = both.firstId();
            String benId = both.secondId();
            ann.awaitChatLine(benId + " joined");

            ann.say("Hello from " + annId);
            ben.awaitMessage(annId, "Hello from " + annId);
            ann.awaitMessage(annId, "Hello from " + annId);
            ben.say("Hi " + annId + ", all good");
            ann.awaitMessage(benId, "Hi " + annId + ", all good");

            ben.leaveRoom();
            ann.awaitMembers(annId).awaitChatLine(benId + " left");
            ben.join(room);
            ann.awaitMembers(annId, benId);
        });
    }

    /** (b) A moderator kicks a user: the user's page says who and why, and it does not come back. */
    public void kick() throws Exception {
        scenario("kick", 2, pages -> {
            String room = "mod-" + tag;
            var both = twoInRoom(pages, room, "kim", "user", "mod", "moderator");
            var kim = both.first();
            var mod = both.second();
            String kimId = both.firstId();
            String modId = both.secondId();
            assertThat(kim.kickButtons()).as("a user's page offers no Kick").isEmpty();
            assertThat(mod.kickButtons()).as("a moderator's page offers Kick for the other member only").hasSize(1);
            String[] kimConnected = connectedLine(kimId);
            assertThat(log().awaitCount(1, LOG_DELAY, kimConnected)).isEqualTo(1);

            mod.kick(kimId, "spam");
            kim.awaitNotice("Kicked by moderator " + modId + " from " + room + ": spam — not reconnecting")
                    .awaitState("disconnected", Duration.ofSeconds(5));
            mod.awaitChatLine(kimId + " was kicked by " + modId + ": spam").awaitMembers(modId);

            Thread.sleep(NOTHING_MORE.toMillis());
            assertThat(kim.state()).as("the kicked page stays disconnected").isEqualTo("disconnected");
            assertThat(log().count(kimConnected)).as("no reconnect of the kicked user in the server log").isEqualTo(1);
        });
    }

    /** (c) A 70 s token is refreshed on the same connection: the countdown starts over, no reconnect. */
    public void tokenRefresh() throws Exception {
        scenario("token-refresh", 1, pages -> {
            var rita = pages.get(0);
            String ritaId = user("rita");
            rita.logIn(ritaId, "user", "acme", 70).awaitConnected();
            long firstExp = rita.tokenExp();
            String[] ritaConnected = connectedLine(ritaId);
            assertThat(log().awaitCount(1, LOG_DELAY, ritaConnected)).isEqualTo(1);

            // token:expiring comes 60 s before exp, so about 10 s after connecting
            rita.awaitRefreshedBeyond(firstExp, Duration.ofSeconds(40));
            assertThat(rita.tokenExp() - Instant.now().getEpochSecond()).as("the countdown started over").isGreaterThan(60);
            assertThat(rita.state()).isEqualTo("connected");
            assertThat(rita.activity()).contains("Token refreshed on the same connection").doesNotContain("Reconnect");
            assertThat(log().count(ritaConnected)).as("one connection in the server log: refreshed in place").isEqualTo(1);
        });
    }

    /** (e) A pasted token with a broken signature: the page says why and does not try again. */
    public void invalidToken() throws Exception {
        scenario("invalid-token", 1, pages -> {
            var ivy = pages.get(0);
            String ivyId = user("ivy");
            String[] refused = {"\"stage\":\"upgrade\",\"outcome\":\"failure\",\"reason\":\"signature\""};
            int refusedBefore = log().count(refused);
            String token = run.tokens().fetch(ivyId).orElseThrow().token();

            ivy.logInWithToken(withBrokenSignature(token));
            ivy.awaitNotice("The server refused the token: Invalid JWT: signature verification failed — not reconnecting")
                    .awaitState("disconnected", Duration.ofSeconds(5));

            assertThat(log().awaitCount(refusedBefore + 1, LOG_DELAY, refused)).isEqualTo(refusedBefore + 1);
            Thread.sleep(NOTHING_MORE.toMillis());
            assertThat(ivy.state()).isEqualTo("disconnected");
            assertThat(log().count(refused)).as("one refused connection in the server log: no retry").isEqualTo(refusedBefore + 1);
            assertThat(log().count(connectedLine(ivyId))).isZero();
        });
    }

    /** (f) A token whose permissions allow one room: a join of another is refused with a sentence naming it. */
    public void refusedJoin() throws Exception {
        scenario("refused-join", 1, pages -> {
            var pia = pages.get(0);
            String allowed = "perm-" + tag;
            String other = "other-" + tag;
            pia.permissions("join:" + allowed).logIn(user("pia"), "user", "acme", HOUR).awaitConnected().join(allowed);
            pia.requestJoin(other).awaitNotice("You may not join " + other + ": your token's permissions do not allow it.");
            assertThat(pia.state()).isEqualTo("connected");
        });
    }

    /**
     * (g) A page drops its connection (its "Drop connection" button) while the other user talks: once it
     * has reconnected by itself, it shows what it missed, each message once and in order, says how many
     * messages it recovered (PROTOCOL §8: the demo keeps 100 per room), and goes on with live messages.
     */
    public void recovery() throws Exception {
        scenario("recovery", 2, pages -> {
            String room = "recover-" + tag;
            var both = twoInRoom(pages, room, "dot", "user", "sam", "user");
            var dot = both.first();
            var sam = both.second();
            String dotId = both.firstId();
            String samId = both.secondId();
            sam.say("Before the drop");
            dot.awaitMessage(samId, "Before the drop");

            dot.dropConnection().awaitState("reconnecting", Duration.ofSeconds(5));
            // the server has taken dot out of the room: what sam says now does not reach dot's page live
            sam.awaitChatLine(dotId + " left").awaitMembers(samId);
            var missed = List.of("Missed one", "Missed two", "Missed three");
            for (String text : missed) {
                sam.say(text).awaitMessage(samId, text);
            }
            assertThat(dot.state()).as("still offline while sam spoke").isEqualTo("reconnecting");

            dot.reconnectNow().awaitConnected().awaitChatLine("Recovered 3 messages sent while disconnected");
            var expected = new ArrayList<String>(List.of("Before the drop"));
            expected.addAll(missed);
            assertThat(dot.messagesFrom(samId)).as("each missed message once, in order").isEqualTo(expected);
            sam.awaitMembers(dotId, samId).say("After the reconnect");
            dot.awaitMessage(samId, "After the reconnect");
            expected.add("After the reconnect");
            assertThat(dot.messagesFrom(samId)).isEqualTo(expected);
        });
    }

    /**
     * (d) The server restarts (its run command stopped and run again): the pages show the connection
     * drop, reconnect by themselves with new tokens (the demo key is new too), are back in their room,
     * and a message sent afterwards arrives.
     */
    public void restart() throws Exception {
        scenario("restart", 2, pages -> {
            String room = "restart-" + tag;
            var both = twoInRoom(pages, room, "rex", "user", "ray", "user");
            var rex = both.first();
            var ray = both.second();
            String rexId = both.firstId();
            String rayId = both.secondId();

            run.stop();
            rex.awaitState("reconnecting", Duration.ofSeconds(10)).awaitNotice("reconnecting…");
            ray.awaitState("reconnecting", Duration.ofSeconds(10));
            run.start(user("probe"));

            // the page retries at least every 10 s
            for (var page : pages) {
                page.awaitState("connected", Duration.ofSeconds(30)).awaitNotice("Reconnected: back in")
                        .awaitListed(room).awaitInRoom(room, Duration.ofSeconds(5)).awaitMembers(rexId, rayId);
            }
            rex.say("Back after the restart");
            ray.awaitMessage(rexId, "Back after the restart");
            assertThat(log().awaitCount(2, LOG_DELAY, connectedLine(rexId))).as("connected once per server start").isEqualTo(2);
        });
    }

    /** Two pages and their users, both in one room. */
    private record TwoInRoom(DemoPage first, String firstId, DemoPage second, String secondId) {
    }

    /** Logs the two pages in as this server's users of tenant acme and joins both to {@code room}, each seeing both. */
    private TwoInRoom twoInRoom(List<DemoPage> pages, String room, String first, String firstRole,
            String second, String secondRole) {
        var both = new TwoInRoom(pages.get(0), user(first), pages.get(1), user(second));
        both.first().logIn(both.firstId(), firstRole, "acme", HOUR).awaitConnected().join(room);
        both.second().logIn(both.secondId(), secondRole, "acme", HOUR).awaitConnected().join(room);
        both.first().awaitMembers(both.firstId(), both.secondId());
        both.second().awaitMembers(both.firstId(), both.secondId());
        return both;
    }

    private interface Steps {
        void on(List<DemoPage> pages) throws Exception;
    }

    private void scenario(String name, int browsers, Steps steps) throws Exception {
        run.requireRunning();
        List<Chromium> opened = new ArrayList<>();
        try {
            for (int i = 0; i < browsers; i++) {
                opened.add(Chromium.start());
            }
            var pages = opened.stream().map(browser -> DemoPage.open(browser, DemoRun.BASE)).toList();
            Path screenshot = screenshots.resolve(name + ".png");
            try {
                steps.on(pages);
            } catch (Throwable failure) {
                // what the page showed is the first thing to look at after a failure
                try {
                    pages.get(0).screenshot(screenshot);
                } catch (RuntimeException | IOException e) {
                    failure.addSuppressed(e);
                }
                throw failure;
            }
            pages.get(0).screenshot(screenshot);
        } finally {
            closeAll(opened);
        }
    }

    private static void closeAll(List<Chromium> browsers) throws IOException {
        for (var browser : browsers) {
            browser.close();
        }
    }

    private RunLog log() {
        return run.log();
    }

    private String user(String name) {
        return name + "-" + tag;
    }

    /** What picks out the audit line of an accepted connection of {@code userId} (a refresh has its own stage). */
    private static String[] connectedLine(String userId) {
        return new String[] {"\"stage\":\"upgrade\",\"outcome\":\"success\"", "\"sub\":\"" + userId + "\""};
    }

    /** The same token with the first character of its signature changed: still well-formed, no longer signed. */
    private static String withBrokenSignature(String token) {
        int signature = token.lastIndexOf('.') + 1;
        char changed = token.charAt(signature) == 'A' ? 'B' : 'A';
        return token.substring(0, signature) + changed + token.substring(signature + 1);
    }
}
