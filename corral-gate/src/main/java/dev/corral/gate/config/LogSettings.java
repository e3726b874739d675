package dev.corral.gate.config;

import java.util.List;

/**
 * Where a level's requests are logged. Immutable.
 *
 * @param accessLog {@code access_log}, default {@code logs/access.log} in {@code combined} format
 * @param errorLogs the {@code error_log}s of this level or the nearest one above (a level may have several, as in
 *     nginx: a line goes to each whose level allows it); empty: the main error log
 */
public record LogSettings(AccessLog accessLog, List<ErrorLogTarget> errorLogs) {
  public LogSettings {
    errorLogs = List.copyOf(errorLogs);
  }
}
