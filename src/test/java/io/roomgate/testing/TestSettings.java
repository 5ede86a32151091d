package io.roomgate.testing;

import io.roomgate.config.Settings;
import io.roomgate.config.SettingsLoader;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** Settings read by the product's own loader from a map, as MicroProfile Config would supply them. */
public final class TestSettings {

    private TestSettings() {
    }

    public static Settings load(Map<String, String> values) {
        return SettingsLoader.load(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build());
    }
}
