package dev.corral.gate.config;

import java.util.List;

/**
 * The rewrite module at one level. The script is the level's own (nginx runs a server's statements before the
 * location is found and a location's in its rewrite phase; neither inherits the other's); the two flags are
 * inherited. Immutable.
 *
 * @param script the level's statements in order
 * @param log {@code rewrite_log}: each rewrite's match and result at notice level in the error log
 * @param uninitializedWarn {@code uninitialized_variable_warn} (default on)
 */
public record RewriteSettings(List<RewriteOp> script, boolean log, boolean uninitializedWarn) {
  public RewriteSettings {
    script = List.copyOf(script);
  }

  static RewriteSettings defaults() {
    return new RewriteSettings(List.of(), false, true);
  }
}
