package io.roomgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.config.Settings;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Packages depend one way: a change in a low package never has to ripple back up through the one
 * that uses it. Reads the compiled main classes' constant pools (every class a class names, in
 * code, signatures or annotations, is there) rather than a library, so it keeps working on any
 * class-file version the build targets.
 */
class PackageDependenciesTest {

    private static final Pattern CLASS_NAME = Pattern.compile("io/roomgate/((?:[a-z_][a-z0-9_]*/)+)[A-Za-z_$][\\w$]*");

    /** from → to → the classes of {@code from} that name a class of {@code to}. */
    private static Map<String, Map<String, Set<String>>> dependencies;

    @BeforeAll
    static void read_the_compiled_classes() throws IOException, URISyntaxException {
        var classes = Path.of(Settings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/roomgate"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String className = classes.relativize(file).toString().replace('\\', '/').replaceAll("\\.class$", "");
                String from = packageOf(className);
                var targets = dependencies.computeIfAbsent(from, p -> new TreeMap<>());
                for (String named : classNames(file)) {
                    String to = packageOf(named);
                    if (!to.equals(from)) {
                        targets.computeIfAbsent(to, p -> new TreeSet<>()).add(simpleName(className) + " → " + simpleName(named));
                    }
                }
            }
        }
    }

    @Test
    void no_package_depends_on_a_package_that_depends_back_on_it() {
        var cycles = stronglyConnected().stream().filter(component -> component.size() > 1)
                .map(PackageDependenciesTest::describe).toList();
        assertThat(cycles).as("package cycles (each listed with the class references inside it)").isEmpty();
    }

    @Test
    void every_package_says_what_lives_there() {
        var undocumented = dependencies.keySet().stream()
                .filter(pkg -> !Files.exists(Path.of("src/main/java", pkg.replace('.', '/'), "package-info.java")))
                .toList();
        assertThat(undocumented).as("packages without a package-info.java").isEmpty();
    }

    private static List<Set<String>> stronglyConnected() {
        Map<String, Set<String>> graph = new TreeMap<>();
        dependencies.forEach((from, targets) -> graph.put(from, new TreeSet<>(targets.keySet())));
        return new Tarjan(graph).components();
    }

    private static String describe(Set<String> component) {
        var lines = new ArrayList<String>();
        lines.add("cycle among " + component + ":");
        for (String from : component) {
            dependencies.get(from).forEach((to, references) -> {
                if (component.contains(to)) {
                    lines.add("  " + from + " → " + to + " " + references);
                }
            });
        }
        return String.join("\n", lines);
    }

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    /** Every io.roomgate class the constant pool mentions: class entries and the descriptors that name types. */
    private static Set<String> classNames(Path classFile) throws IOException {
        var names = new TreeSet<String>();
        try (InputStream raw = Files.newInputStream(classFile); var in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            for (int index = 1; index < count; index++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> {
                        var matcher = CLASS_NAME.matcher(in.readUTF());
                        while (matcher.find()) {
                            names.add(matcher.group());
                        }
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        index++; // longs and doubles take two entries
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        }
        return names;
    }

    /** Tarjan's strongly connected components: each cycle of packages comes out as one set. */
    private static final class Tarjan {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> lowLink = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<Set<String>> components() {
            graph.keySet().forEach(node -> {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            });
            return components;
        }

        private void visit(String node) {
            index.put(node, index.size());
            lowLink.put(node, index.get(node));
            stack.push(node);
            for (String next : graph.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
                } else if (stack.contains(next)) {
                    lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
                }
            }
            if (lowLink.get(node).equals(index.get(node))) {
                var component = new TreeSet<String>();
                String member;
                do {
                    member = stack.pop();
                    component.add(member);
                } while (!member.equals(node));
                components.add(component);
            }
        }
    }
}
