package io.roomgate.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The audit log's lines in the server log: each a JSON object behind whatever prefix the server's
 * log format puts in front of a message (time, level, logger; Payara's brackets after it).
 */
public final class AuditLines {

    private static final String START = "{\"ts\":\"";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final long mark;

    private AuditLines(long mark) {
        this.mark = mark;
    }

    /** From now on: logs outlive runs and hold other tests' lines. */
    public static AuditLines fromNow() {
        return new AuditLines(ServerLog.mark());
    }

    /** Everything logged since the mark, audit lines or not. */
    public String log() {
        return ServerLog.since(mark);
    }

    /** Every audit line since the mark, parsed: a line that is not one whole JSON object fails. */
    public List<JsonObject> all() {
        return log().lines().filter(line -> line.contains(START)).map(AuditLines::parse).toList();
    }

    /** The first audit line that {@code wanted} matches, waiting for it to be written. */
    public JsonObject await(String description, Predicate<JsonObject> wanted) {
        try {
            return Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> all().stream().filter(wanted).findFirst(), Optional::isPresent).get();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no audit line " + description + " within " + WAIT.toSeconds() + " s; lines: " + all());
        }
    }

    /** Matches lines whose string fields have these values (name, value, name, value...). */
    public static Predicate<JsonObject> with(String... fields) {
        return line -> {
            for (int i = 0; i < fields.length; i += 2) {
                if (!fields[i + 1].equals(line.getString(fields[i], null))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static JsonObject parse(String line) {
        String json = line.substring(line.indexOf(START), line.lastIndexOf('}') + 1);
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
