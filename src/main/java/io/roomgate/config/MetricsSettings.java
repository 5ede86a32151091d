package io.roomgate.config;

import java.util.Optional;

/**
 * Who may scrape {@code GET /api/metrics}: with a token, whoever sends it as a Bearer credential;
 * without one, clients on the loopback interface only.
 */
public record MetricsSettings(Optional<String> token) {
}
