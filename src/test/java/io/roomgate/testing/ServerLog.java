package io.roomgate.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What an operator reads in the server's log. On a real server, its log file (the failsafe
 * execution names it in {@code roomgate.server.log}); in-process, every record the JVM logs.
 */
public final class ServerLog {

    private static final String FILE_PROPERTY = "roomgate.server.log";
    private static final String GENERATION_0 = ".0";
    private static final StringBuffer IN_PROCESS = new StringBuffer();
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();
    private static boolean capturing;

    private ServerLog() {
    }

    /** Records everything the in-process server logs, stack traces included, as a log file would. */
    static synchronized void captureInProcess() {
        if (capturing) {
            return;
        }
        capturing = true;
        Logger.getLogger("").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                IN_PROCESS.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(' ')
                        .append(FORMATTER.formatMessage(record)).append('\n');
                if (record.getThrown() != null) {
                    var trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    IN_PROCESS.append(trace);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /**
     * A java.util.logging FileHandler's generations (Payara Micro's log file rotates at 1 MB):
     * {@code .0} is the newest, so they are read from the oldest up, as one log.
     */
    private static String generations(String newest) throws IOException {
        String base = newest.substring(0, newest.length() - GENERATION_0.length());
        int oldest = 0;
        while (Files.exists(Path.of(base + "." + (oldest + 1)))) {
            oldest++;
        }
        var text = new StringBuilder();
        for (int generation = oldest; generation >= 0; generation--) {
            text.append(Files.readString(Path.of(base + "." + generation), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** A position in the log; {@link #since(long)} reads what was logged after it. */
    public static long mark() {
        return text().length();
    }

    public static String since(long mark) {
        String text = text();
        return text.length() < mark ? text : text.substring((int) mark);
    }

    private static String text() {
        String file = System.getProperty(FILE_PROPERTY);
        if (file == null) {
            return IN_PROCESS.toString();
        }
        try {
            return file.endsWith(GENERATION_0) ? generations(file) : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("server log not readable: " + file, e);
        }
    }
}
