package io.roomgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One row of the README's "Run" table: a server and the command that runs the demo on it. */
public record RunCommand(String server, String command) {

    private static final Pattern RUN_ROW = Pattern.compile("^\\| ([^|]+?) \\| `(mvn [^`]+)` \\|.*$");

    /** Every run command of the README, exactly as written there. */
    public static List<RunCommand> fromReadme(Path readme) throws IOException {
        return Files.readAllLines(readme).stream()
                .map(RUN_ROW::matcher)
                .filter(Matcher::matches)
                .map(m -> new RunCommand(m.group(1).trim(), m.group(2)))
                .toList();
    }

    /** The same command serving on another HTTP port, as the README tells a user to start a second node. */
    public RunCommand onPort(int port) {
        return new RunCommand(server, command + " -Dhttp.port=" + port);
    }

    /** The server's name as a file and user-name part: {@code open-liberty}. */
    public String slug() {
        return server.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
