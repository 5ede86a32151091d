package io.roomgate.smoke;

import io.roomgate.testing.DemoRun;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;

/**
 * What no node of a cluster may have logged, from its boot to its stop: a class the WAR could not load
 * (Lettuce, Netty and reactor-core ride in the WAR beside each server's own copies), or an error of the
 * Redis client. Read from every log a run wrote ({@link DemoRun#log()}): console, and Liberty's messages.log.
 */
final class ServerLogs {

    private static final Pattern LINKAGE = Pattern.compile("LinkageError|ClassNotFoundException|NoClassDefFoundError");
    /**
     * A line at ERROR (WildFly) or SEVERE (Payara, java.util.logging) or Liberty's {@code E} column that names
     * Lettuce or Netty, as its logger or in its message. No word boundaries: Payara colours the level and
     * the logger's name on a terminal ({@code ESC[1;91mSEVERE}, {@code ESC[1;94mio.lettuce…}).
     */
    private static final Pattern REDIS_CLIENT_ERROR = Pattern.compile(
            "^(?=.*(ERROR|SEVERE|\\] \\p{XDigit}{8} \\S+\\s+E\\s))(?=.*(io\\.lettuce|io\\.netty)\\.)");

    private ServerLogs() {
    }

    static void assertNoLinkageOrRedisClientErrors(List<DemoRun> nodes) {
        var softly = new SoftAssertions();
        for (var node : nodes) {
            if (node != null && node.started()) {
                var log = node.log();
                softly.assertThat(log.lines(LINKAGE)).as("%s's log: classes it could not load", node.command().server()).isEmpty();
                softly.assertThat(log.lines(REDIS_CLIENT_ERROR)).as("%s's log: Lettuce or Netty errors", node.command().server()).isEmpty();
            }
        }
        softly.assertAll();
    }
}
