package io.roomgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a demo run's server logged, across restarts: the run command's console output (WildFly and
 * Payara Micro log INFO there), and Open Liberty's messages.log files (its console shows only AUDIT and
 * up; a restart rotates messages.log to messages_&lt;time&gt;.log, so all of them are read).
 */
public record RunLog(Path console, Path copy) {

    /** How many times {@code text} occurs in the logs so far. */
    public int count(String text) {
        return files().mapToInt(file -> occurrences(read(file), text)).sum();
    }

    /**
     * Waits until {@code text} has occurred at least {@code times} times: servers write their logs
     * asynchronously, so a line may land a moment after what it reports is visible.
     */
    public int awaitCount(String text, int times, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int count;
        while ((count = count(text)) < times && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return count;
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

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
