package io.roomgate.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** Typed, validated reads of MicroProfile Config values; every failure names its key. */
public final class ConfigReader {

    private final Config config;

    public ConfigReader(Config config) {
        this.config = config;
    }

    public Optional<String> optional(String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    /**
     * A value that may be deliberately set to empty to switch a feature off. MicroProfile Config
     * reports an empty value as absent, and servers disagree on whether {@code getConfigValue}
     * keeps it (Payara does not), so the value is read from the sources themselves, highest
     * ordinal first, as the spec orders them.
     */
    public Optional<String> switchable(String key, String defaultValue) {
        for (ConfigSource source : config.getConfigSources()) {
            String raw = source.getValue(key);
            if (raw != null) {
                return Optional.of(raw.trim()).filter(v -> !v.isEmpty());
            }
        }
        return Optional.of(defaultValue);
    }

    public boolean bool(String key, boolean defaultValue) {
        return optional(key).map(v -> switch (v.toLowerCase()) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new InvalidConfigurationException(key, "must be true or false");
        }).orElse(defaultValue);
    }

    public int positiveInt(String key, int defaultValue) {
        return intIn(key, defaultValue, 1, Integer.MAX_VALUE, "must be a positive whole number");
    }

    public int nonNegativeInt(String key, int defaultValue) {
        return intIn(key, defaultValue, 0, Integer.MAX_VALUE, "must be zero or a positive whole number");
    }

    public int intBetween(String key, int defaultValue, int min, int max) {
        return intIn(key, defaultValue, min, max, "must be a whole number from " + min + " to " + max);
    }

    private int intIn(String key, int defaultValue, int min, int max, String requirement) {
        return optional(key).map(v -> {
            try {
                int parsed = Integer.parseInt(v);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below with the key
            }
            throw new InvalidConfigurationException(key, requirement);
        }).orElse(defaultValue);
    }

    /** ISO-8601 durations (PT10S); zero is allowed, negative is not. */
    public Duration duration(String key, Duration defaultValue) {
        return optional(key).map(v -> {
            try {
                var parsed = Duration.parse(v);
                if (!parsed.isNegative()) {
                    return parsed;
                }
            } catch (DateTimeParseException e) {
                // reported below with the key
            }
            throw new InvalidConfigurationException(key, "must be an ISO-8601 duration such as PT10S");
        }).orElse(defaultValue);
    }

    /** Comma-separated values, trimmed, empty entries dropped, order kept. */
    public Set<String> list(String key, String defaultValue) {
        return Arrays.stream(string(key, defaultValue).split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
