package dev.corral.pm.web;

import java.util.Optional;

/**
 * Reads a cluster-mode app's gate for the dashboard ({@code dev.corral.pm.cluster} implements it over the gate's
 * admin socket, so this package needs no gate classes). Called on the dashboard's sampler thread, never on the
 * supervisor loop; a call is bounded by the admin client's timeout.
 */
@FunctionalInterface
public interface GateReader {
  /** The gate of {@code app} now; empty when it cannot be reached (starting, restarting, gone). */
  Optional<GateReport> read(String app);

  /** A reader for a daemon without cluster mode. */
  static GateReader none() {
    return app -> Optional.empty();
  }
}
