package io.roomgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/**
 * Optional profiles of the bench server, attached through the JDK's {@code jcmd} to the running
 * server so that its start-up and the JIT warm-up stay out of them.
 * <ul>
 *   <li>{@code -Dbench.jfr=true}: one flight recording over every workload, {@code <server>.jfr}.</li>
 *   <li>{@code -Dbench.profiler=cpu|itimer|wall|alloc}: async-profiler (from Maven Central, the bench
 *       profile's dependency) per workload, a flame graph {@code <server>-<workload>.html} and the
 *       collapsed stacks {@code <server>-<workload>.collapsed}. It sees native and JVM frames too,
 *       which JFR does not. Take {@code itimer} on this project's machine: there {@code cpu} (perf
 *       events) ends the server's JVM without a word.</li>
 * </ul>
 */
final class ServerProfiler {

    private static final String LIBRARY = "linux-x64/libasyncProfiler.so";

    private final Path out;
    private final String server;
    private final String pid;
    private final boolean jfr;
    private final String event;
    private Path library;

    ServerProfiler(Path out, String server, long pid) {
        this.out = out;
        this.server = server;
        this.pid = String.valueOf(pid);
        this.jfr = Boolean.getBoolean("bench.jfr");
        this.event = event();
    }

    private static String event() {
        return System.getProperty("bench.profiler", "").trim();
    }

    /** What the report must say of a profiled run's figures, or nothing. */
    static String caveat() {
        return event().isEmpty() ? "" : "Profiled with async-profiler (" + event()
                + "): every figure includes the profiler's cost; compare only runs without -Dbench.profiler.";
    }

    void startRecording() throws Exception {
        if (jfr) {
            jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + out.resolve(server + ".jfr").toAbsolutePath());
        }
    }

    void stopRecording() throws Exception {
        if (jfr) {
            jcmd("JFR.stop", "name=bench");
        }
    }

    /** Runs one workload, under async-profiler when asked for. */
    <T> T workload(String name, Callable<T> work) throws Exception {
        if (event.isEmpty()) {
            return work.call();
        }
        agent("start,event=" + event + ",interval=" + ("alloc".equals(event) ? "512k" : "1ms"));
        T result;
        try {
            result = work.call();
        } catch (Exception | Error e) {
            agent("stop");
            throw e;
        }
        Path stacks = out.resolve(server + "-" + name).toAbsolutePath();
        try {
            agent("dump,flamegraph,file=" + stacks + ".html");
        } finally {
            agent("stop,collapsed,file=" + stacks + ".collapsed");
        }
        return result;
    }

    private void agent(String command) throws Exception {
        // Both quoted: jcmd would read the agent's key=value options as its own, and split a path at spaces.
        // (async-profiler splits its options at commas: keep them out of the output directory's path.)
        String output = BenchRun.run(BenchRun.jcmd(), pid, "JVMTI.agent_load", '"' + library().toString() + '"',
                '"' + command + '"');
        if (!output.contains("return code: 0")) {
            throw new IllegalStateException("async-profiler refused '" + command + "': " + output.strip());
        }
    }

    /** The agent library out of the async-profiler jar on the class path, once. */
    private Path library() throws IOException {
        if (library == null) {
            try (InputStream in = ServerProfiler.class.getClassLoader().getResourceAsStream(LIBRARY)) {
                if (in == null) {
                    throw new IllegalStateException("-Dbench.profiler needs async-profiler on the class path: run it with -Pbench");
                }
                library = out.resolve("libasyncProfiler.so").toAbsolutePath();
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return library;
    }

    private void jcmd(String... arguments) throws Exception {
        String[] command = new String[arguments.length + 2];
        command[0] = BenchRun.jcmd();
        command[1] = pid;
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        BenchRun.run(command);
    }
}
