package io.roomgate.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a demo run's server logged, across restarts: the run command's console output (WildFly and
 * Payara Micro log INFO there), and Open Liberty's messages.log files (its console shows only AUDIT and
 * up; a restart rotates messages.log to messages_&lt;time&gt;.log, so all of them are read).
 */
public record RunLog(Path console, Path copy) {

    /** How many lines of the logs so far hold every one of {@code parts}. */
    public int count(String... parts) {
        return (int) files().flatMap(file -> read(file).lines())
                .filter(line -> Arrays.stream(parts).allMatch(line::contains)).count();
    }

    /**
     * Waits until at least {@code times} lines hold every one of {@code parts}, and answers how many
     * do: servers write their logs asynchronously, so a line may land a moment after what it reports
     * is visible.
     */
    public int awaitCount(int times, Duration timeout, String... parts) {
        return await("%d log lines with %s".formatted(times, Arrays.toString(parts))).atMost(timeout)
                .pollInterval(Duration.ofMillis(200)).until(() -> count(parts), count -> count >= times);
    }

    /** The lines of the logs so far in which {@code pattern} is found, each prefixed with its file's name. */
    public List<String> lines(Pattern pattern) {
        return files().flatMap(file -> read(file).lines()
                        .filter(line -> pattern.matcher(line).find())
                        .map(line -> file.getFileName() + ": " + line))
                .toList();
    }

    private Stream<Path> files() {
        Path servers = copy.resolve("target/liberty/wlp/usr/servers");
        Stream<Path> liberty = Stream.empty();
        if (Files.isDirectory(servers)) {
            try (var found = Files.find(servers, 3, (path, attributes) -> path.getFileName().toString().matches("messages.*\\.log"))) {
                liberty = found.toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Stream.concat(Stream.of(console).filter(Files::exists), liberty);
    }

    private static String read(Path file) {
        try {
            // a log may hold a partly written multi-byte character at its end
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
