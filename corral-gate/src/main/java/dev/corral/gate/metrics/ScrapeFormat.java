package dev.corral.gate.metrics;

import java.util.Locale;

/**
 * The exposition formats {@code /metrics} speaks, chosen from the request's {@code Accept} header as Prometheus
 * asks for them: OpenMetrics when the header names {@code application/openmetrics-text} (with a non-zero
 * {@code q}), else the Prometheus text format 0.0.4, which every scraper reads.
 */
enum ScrapeFormat {
  PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
  OPEN_METRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

  private final String contentType;

  ScrapeFormat(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  /** The format for an {@code Accept} header; empty or absent means the Prometheus text format. */
  static ScrapeFormat negotiate(String accept) {
    if (accept == null) {
      return PROMETHEUS_TEXT;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("application/openmetrics-text")) {
        continue;
      }
      if (accepted(parts)) {
        return OPEN_METRICS;
      }
    }
    return PROMETHEUS_TEXT;
  }

  /** False for {@code q=0}, which refuses the type. */
  private static boolean accepted(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2)) > 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return true;
  }
}
