package dev.corral.gate.config;

import java.util.List;

/**
 * Where a level's requests are logged. Immutable.
 *
 * @param accessLog {@code access_log}, default {@code logs/access.log} in {@code combined} format; the first of
 *     the level's lines
 * @param moreAccessLogs the level's further {@code access_log} lines (nginx writes a request's line to each)
 * @param errorLogs the {@code error_log}s of this level or the nearest one above (a level may have several, as in
 *     nginx: a line goes to each whose level allows it); empty: the main error log
 */
public record LogSettings(AccessLog accessLog, List<ErrorLogTarget> errorLogs, List<AccessLog> moreAccessLogs) {
  public LogSettings {
    errorLogs = List.copyOf(errorLogs);
    moreAccessLogs = List.copyOf(moreAccessLogs);
  }

  /** A level with one access log (or none: {@link AccessLog#off()}). */
  public LogSettings(AccessLog accessLog, List<ErrorLogTarget> errorLogs) {
    this(accessLog, errorLogs, List.of());
  }

  /** Every access log of the level, the first one first (off ones included). */
  public List<AccessLog> accessLogs() {
    if (moreAccessLogs.isEmpty()) {
      return List.of(accessLog);
    }
    List<AccessLog> all = new java.util.ArrayList<>(moreAccessLogs.size() + 1);
    all.add(accessLog);
    all.addAll(moreAccessLogs);
    return all;
  }
}
