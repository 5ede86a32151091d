package io.roomgate.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an upgrade request that carry credentials, with case-insensitive header lookup
 * (containers disagree on header-name case).
 */
public record HandshakeView(Map<String, List<String>> headers, Map<String, List<String>> parameters) {

    public List<String> header(String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return entry.getValue() == null ? List.of() : entry.getValue();
            }
        }
        return List.of();
    }

    public String firstHeader(String name) {
        var values = header(name);
        return values.isEmpty() ? null : values.get(0);
    }

    public List<String> parameter(String name) {
        var values = parameters.get(name);
        return values == null ? List.of() : values;
    }
}
