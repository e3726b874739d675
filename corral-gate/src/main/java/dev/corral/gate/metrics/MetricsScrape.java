package dev.corral.gate.metrics;

/**
 * One answer of {@code GET /metrics}: the text and its content type.
 *
 * @param contentType Prometheus text 0.0.4 or OpenMetrics 1.0, as negotiated
 * @param body the exposition text
 */
public record MetricsScrape(String contentType, String body) {}
