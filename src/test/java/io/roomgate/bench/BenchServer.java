package io.roomgate.bench;

import io.roomgate.load.ProcessStats;
import io.roomgate.testing.Directories;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server the bench starts with the packaged WAR at the root context, on 127.0.0.1 only, pinned
 * to CPU 0 with {@code taskset}, configured through environment variables as an operator would.
 * Its HTTP port is {@code bench.port} (8580) unless the caller gives one (the cluster's nodes run
 * side by side). Stopped by its own process tree, never by name.
 * {@code quarkus} is the Quarkus WebSockets Next peer (src/test/quarkus-peer/, built by the bench
 * profile), started the same way. {@code liberty} is Open Liberty from the runtime the build unpacks
 * into target/liberty/wlp, as a server of the bench's own under target/bench/liberty-PORT.
 */
final class BenchServer implements AutoCloseable {

    static final int PORT = Integer.getInteger("bench.port", 8580);
    /** The Quarkus WebSockets Next peer's name in {@code bench.servers}. */
    static final String PEER = "quarkus";
    /** Open Liberty's name in {@code bench.servers}. */
    static final String LIBERTY = "liberty";
    /** Where the bench profile builds the peer ({@code quarkus-peer.directory} in pom.xml). */
    private static final String PEER_JAR = "quarkus-peer/quarkus-app/quarkus-run.jar";
    private static final String ESTABLISHED = "01";
    /** So that the JIT compilers' CPU can be told apart: {@link ProcessStats#compilerCpuNanos()}. */
    private static final String KEEP_COMPILER_THREADS = "-XX:-UseDynamicNumberOfCompilerThreads";
    /**
     * The serial collector (what a JVM on one core picks) leaves up to 5 % of the old generation's
     * dead objects in place at three full collections of four, as filler {@code int[]}s that the
     * class histogram counts as live: in one run, 1.7 KB of the 12.6 KB "held per connection" was
     * filler. Only the full collections change: the histograms' own, none during a workload.
     */
    private static final String COMPACT_FULLY = "-XX:MarkSweepAlwaysCompactCount=1";
    /** The bench's Liberty server, in a user directory of its own per port: never the ITs' or the demo's. */
    private static final String LIBERTY_SERVER = "roomgate-bench";
    /** What {@code server run} executes: the Liberty JVM's command line names it. */
    private static final String LIBERTY_LAUNCHER = "ws-server.jar";

    private final String name;
    private final int port;
    private final Process process;
    private final ProcessStats jvm;
    private final GcLog gcLog;

    private BenchServer(String name, int port, Process process, ProcessStats jvm, GcLog gcLog) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.jvm = jvm;
        this.gcLog = gcLog;
    }

    static BenchServer start(String name, Path target, Path war, Map<String, String> config, Path log) throws Exception {
        return start(name, PORT, target, war, config, log);
    }

    static BenchServer start(String name, int port, Path target, Path war, Map<String, String> config, Path log)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", "0"));
        var gcLog = new GcLog(log.resolveSibling(log.getFileName().toString().replaceFirst("\\.log$", "") + "-gc.log"));
        var builder = new ProcessBuilder();
        switch (name) {
            case "wildfly" -> {
                Path home = onlyChild(target, "wildfly-");
                // one base directory per port: the cluster's nodes run at the same time
                Path base = target.resolve("bench").resolve("wildfly-base-" + port);
                Directories.copy(home.resolve("standalone"), base);
                Files.copy(war, base.resolve("deployments").resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
                command.addAll(List.of(home.resolve("bin/standalone.sh").toString(),
                        "-Djboss.server.base.dir=" + base, "-Djboss.bind.address=127.0.0.1",
                        "-Djboss.socket.binding.port-offset=" + (port - 8080)));
                builder.environment().put("JAVA_OPTS", "-Xms512m -Xmx3g -XX:MaxMetaspaceSize=512m -Djava.net.preferIPv4Stack=true "
                        + KEEP_COMPILER_THREADS + " " + COMPACT_FULLY + " " + gcLog.option());
            }
            case "payara" -> command.addAll(List.of(javaBin(), "-Xms512m", "-Xmx3g", KEEP_COMPILER_THREADS, COMPACT_FULLY, gcLog.option(), "-jar",
                    target.resolve("payara-micro.jar").toString(), "--deploy", war.toString(), "--contextroot", "/",
                    "--port", String.valueOf(port), "--nohazelcast", "--disablephonehome",
                    "--prebootcommandfile", target.getParent().resolve("server-config/payara/pre-boot-commands.txt").toString()));
            case LIBERTY -> {
                Path base = libertyUserDirectory(target, war, port, gcLog);
                command.addAll(List.of(libertyHome(target).resolve("bin/server").toString(), "run", LIBERTY_SERVER, "--clean"));
                builder.environment().put("WLP_USER_DIR", base.toString());
                builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            }
            // default heap and collector: only what the measurement reads (GC log, compiler threads) is set
            case PEER -> {
                command.addAll(List.of(javaBin(), KEEP_COMPILER_THREADS, COMPACT_FULLY, gcLog.option(), "-jar",
                        peerJar(target).toString()));
                builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            }
            default -> throw new IllegalArgumentException("no bench launcher for " + name);
        }
        builder.environment().putAll(config);
        Process process = builder.command(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new BenchServer(name, port, process, new ProcessStats(jvmPid(process)), gcLog);
    }

    /**
     * A fresh Liberty user directory for {@code port} holding one server: the demo's server.xml
     * (server-config/liberty: the shared features and endpoint on 127.0.0.1, the WAR at the root
     * context) over the packaged WAR, its port and the console at INFO (the connection lines the
     * other servers' logs have) in bootstrap.properties, and the JVM options in jvm.options, which
     * Liberty's {@code server} script reads on any JVM ({@code OPENJ9_JAVA_OPTIONS} only OpenJ9 does).
     */
    private static Path libertyUserDirectory(Path target, Path war, int port, GcLog gcLog) throws IOException {
        Path base = target.resolve("bench").resolve("liberty-" + port);
        Directories.delete(base);
        Path server = Files.createDirectories(base.resolve("servers").resolve(LIBERTY_SERVER));
        Path config = target.getParent().resolve("server-config/liberty");
        Files.copy(config.resolve("demo/server.xml"), server.resolve("server.xml"));
        Files.copy(war, Files.createDirectories(server.resolve("apps")).resolve("roomgate.war"));
        Files.writeString(server.resolve("bootstrap.properties"), String.join("\n",
                "roomgate.liberty.config=" + config.toAbsolutePath(),
                "http.port=" + port,
                "com.ibm.ws.logging.console.log.level=INFO", ""));
        Files.write(server.resolve("jvm.options"), List.of("-Xms512m", "-Xmx3g", KEEP_COMPILER_THREADS, COMPACT_FULLY, gcLog.option()));
        return base;
    }

    private static Path libertyHome(Path target) {
        Path home = target.resolve("liberty/wlp");
        if (!Files.isRegularFile(home.resolve("bin/server"))) {
            throw new IllegalStateException("no " + home + ": run the bench through Maven (mvn -Pbench verify), which unpacks Liberty");
        }
        return home;
    }

    URI rooms() {
        return URI.create("ws://127.0.0.1:" + port + "/rooms");
    }

    /**
     * Waits until no TCP connection to the server is open any more (from {@code /proc/net/tcp}),
     * then as long again for the server's clean-up after the closes: a memory reading taken while
     * the last workload's connections still linger counts them as "before".
     *
     * @return whether it got quiet within {@code max}
     */
    boolean awaitNoConnections(Duration max) throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + max.toNanos();
        while (openConnections() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(Duration.ofSeconds(1).toNanos(), System.nanoTime() - started));
        return true;
    }

    /**
     * {@code sl local_address rem_address st …}: the server's end of each established connection,
     * port in hex; in {@code tcp6} as well, where a JVM's dual-stack sockets list IPv4 peers.
     */
    private long openConnections() throws IOException {
        String local = String.format(":%04X", port);
        long open = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (Files.exists(Path.of(table))) {
                try (Stream<String> lines = Files.lines(Path.of(table))) {
                    open += lines.skip(1).map(String::trim).map(line -> line.split("\\s+"))
                            .filter(fields -> fields[1].endsWith(local) && ESTABLISHED.equals(fields[3]))
                            .count();
                }
            }
        }
        return open;
    }

    ProcessStats jvm() {
        return jvm;
    }

    GcLog gcLog() {
        return gcLog;
    }

    String name() {
        return name;
    }

    /**
     * The server's Java process: the launched one, or for WildFly the child standalone.sh starts
     * (recognised by jboss-modules; the script runs short-lived {@code java -version} checks first).
     * Liberty's {@code server run} ends by exec-ing its JVM (ws-server.jar) in place of the script,
     * so its pid becomes the launched one's once the script is done.
     */
    private static long jvmPid(Process process) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (isServerJava(process.toHandle())) {
                return process.pid();
            }
            var java = process.descendants().filter(BenchServer::isServerJava).findFirst();
            if (java.isPresent()) {
                return java.get().pid();
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("no server Java process under " + process.pid());
    }

    private static boolean isServerJava(ProcessHandle handle) {
        var info = handle.info();
        boolean java = info.command().map(command -> command.endsWith("/java")).orElse(false);
        String line = info.commandLine().orElse("");
        return java && (line.contains("jboss-modules.jar") || line.contains("payara-micro.jar") || line.contains(PEER_JAR)
                || line.contains(LIBERTY_LAUNCHER));
    }

    private static Path peerJar(Path target) {
        Path jar = target.resolve(PEER_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run the bench through Maven (mvn -Pbench verify), which builds the peer");
        }
        return jar;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path onlyChild(Path directory, String prefix) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(path -> path.getFileName().toString().startsWith(prefix) && Files.isDirectory(path))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + prefix + "* in " + directory
                            + ": run the bench through Maven (mvn -Pbench verify), which unpacks the servers"));
        }
    }


    @Override
    public void close() throws InterruptedException {
        var tree = new ArrayList<ProcessHandle>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }
}
