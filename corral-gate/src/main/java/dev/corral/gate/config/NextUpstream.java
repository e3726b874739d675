package dev.corral.gate.config;

import java.util.Locale;
import java.util.Optional;

/** A condition of {@code proxy_next_upstream}; the default set is {@code error timeout}. */
public enum NextUpstream {
  ERROR,
  TIMEOUT,
  INVALID_HEADER,
  HTTP_500,
  HTTP_502,
  HTTP_503,
  HTTP_504,
  HTTP_403,
  HTTP_404,
  HTTP_429,
  NON_IDEMPOTENT;

  /** The condition named {@code value} as written in the config, or empty if there is none by that name. */
  static Optional<NextUpstream> parse(String value) {
    for (NextUpstream v : values()) {
      if (v.name().toLowerCase(Locale.ROOT).equals(value)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The condition a response status triggers, if any. */
  public static Optional<NextUpstream> forStatus(int status) {
    return switch (status) {
      case 500 -> Optional.of(HTTP_500);
      case 502 -> Optional.of(HTTP_502);
      case 503 -> Optional.of(HTTP_503);
      case 504 -> Optional.of(HTTP_504);
      case 403 -> Optional.of(HTTP_403);
      case 404 -> Optional.of(HTTP_404);
      case 429 -> Optional.of(HTTP_429);
      default -> Optional.empty();
    };
  }
}
