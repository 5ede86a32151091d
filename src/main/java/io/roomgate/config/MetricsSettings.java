package io.roomgate.config;

import java.util.Optional;

/**
 * Who may scrape {@code GET /api/metrics}: with a token, whoever sends it as a Bearer credential;
 * without one, clients on the loopback interface only.
 */
public record MetricsSettings(Optional<String> token) {

    /** Settings may be printed; the token is a secret. */
    @Override
    public String toString() {
        return "MetricsSettings[token=" + (token.isPresent() ? "set" : "none") + "]";
    }
}
