package io.roomgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomgate.testing.TestSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A key is read in {@link SettingsLoader}; the README's configuration table, the failsafe
 * environment exclusions in pom.xml and the packaged microprofile-config.properties only repeat it.
 * This keeps the repeats from drifting: a key added, renamed or given another default in one place
 * fails here until the others follow.
 */
class ConfigurationKeysTest {

    /** A row of the README table: {@code | `key` | default | meaning |}. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (.*?) \\| .*\\|$");
    /** A default cell that is one literal value, optionally followed by a remark in parentheses. */
    private static final Pattern LITERAL_DEFAULT = Pattern.compile("^`([^`]*)`(?: \\(.*\\))?$");
    private static final Pattern EXCLUDED_VARIABLE =
            Pattern.compile("<excludedEnvironmentVariable>([^<]+)</excludedEnvironmentVariable>");

    private static Set<String> keysRead;
    private static Map<String, String> readmeDefaults;

    @BeforeAll
    static void read_the_declarations() throws IOException {
        var recording = new RecordingConfig();
        SettingsLoader.load(recording);
        keysRead = recording.keys;
        readmeDefaults = readmeTable();
    }

    @Test
    void the_readme_table_documents_exactly_the_keys_the_loader_reads() {
        assertThat(readmeDefaults.keySet()).as("README.md configuration table").isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(keysRead);
    }

    @Test
    void every_default_the_readme_states_is_the_loaders_default() {
        var defaults = loadWith(Map.of());
        var disagreeing = new ArrayList<String>();
        readmeDefaults.forEach((key, cell) -> literal(cell)
                .filter(value -> !readmeDefaults.containsKey(value)) // "defaults to that key's value"
                .filter(value -> !loadWith(Map.of(key, value)).equals(defaults))
                .ifPresent(value -> disagreeing.add(key + " (README: " + value + ")")));
        assertThat(disagreeing).as("keys whose README default is not what SettingsLoader defaults to").isEmpty();
    }

    /**
     * Settings from {@code values}, with one node id whatever they say: its default has a random part,
     * so two loads of the same values would otherwise never be equal.
     */
    private static Settings loadWith(Map<String, String> values) {
        var fixed = new HashMap<>(values);
        fixed.putIfAbsent("roomgate.cluster.node-id", "node-under-test");
        return TestSettings.load(fixed);
    }

    @Test
    void the_integration_tests_exclude_every_keys_environment_variable_and_nothing_else() throws IOException {
        var excluded = new TreeSet<String>();
        Matcher matcher = EXCLUDED_VARIABLE.matcher(Files.readString(Path.of("pom.xml")));
        while (matcher.find()) {
            excluded.add(matcher.group(1));
        }
        assertThat(excluded).as("pom.xml <excludedEnvironmentVariables> against the keys SettingsLoader reads")
                .containsExactlyInAnyOrderElementsOf(keysRead.stream().map(ConfigurationKeysTest::environmentName).toList());
    }

    @Test
    void the_packaged_properties_only_restate_defaults_of_keys_the_loader_reads() throws IOException, URISyntaxException {
        var packaged = new Properties();
        var classes = Path.of(Settings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Reader in = Files.newBufferedReader(classes.resolve("META-INF/microprofile-config.properties"))) {
            packaged.load(in);
        }
        assertThat(packaged.stringPropertyNames()).as("keys in the packaged microprofile-config.properties")
                .isSubsetOf(keysRead);
        var defaults = loadWith(Map.of());
        var differing = packaged.stringPropertyNames().stream()
                .filter(key -> !loadWith(Map.of(key, packaged.getProperty(key))).equals(defaults))
                .toList();
        assertThat(differing).as("packaged values that are not the loader's default").isEmpty();
    }

    private static Optional<String> literal(String defaultCell) {
        var matcher = LITERAL_DEFAULT.matcher(defaultCell.trim());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** MicroProfile Config's environment variable for a key: non-alphanumerics to '_', upper case. */
    private static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The rows after the {@code | Key | Default | Meaning |} header, up to the end of that table. */
    private static Map<String, String> readmeTable() throws IOException {
        var rows = new LinkedHashMap<String, String>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("| Key | Default | Meaning |")) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                break;
            } else if (inTable) {
                var row = ROW.matcher(line);
                if (row.matches()) {
                    assertThat(rows.put(row.group(1), row.group(2))).as("README row for " + row.group(1)).isNull();
                }
            }
        }
        return rows;
    }

    /** Answers "not set" to every key and remembers which keys were asked for. */
    private static final class RecordingConfig implements Config {
        final Set<String> keys = new TreeSet<>();

        @Override
        public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
            keys.add(propertyName);
            return Optional.empty();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return List.of(new ConfigSource() {
                @Override
                public Set<String> getPropertyNames() {
                    return Set.of();
                }

                @Override
                public String getValue(String propertyName) {
                    keys.add(propertyName);
                    return null;
                }

                @Override
                public String getName() {
                    return "recording";
                }
            });
        }

        @Override
        public <T> T getValue(String propertyName, Class<T> propertyType) {
            keys.add(propertyName);
            throw new NoSuchElementException(propertyName);
        }

        @Override
        public ConfigValue getConfigValue(String propertyName) {
            throw new UnsupportedOperationException("SettingsLoader reads through getOptionalValue and the sources");
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return Collections.emptyList();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException(type.getName());
        }
    }
}
