package dev.corral.cli.pm;

import dev.corral.pm.daemon.CorralHome;
import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.DaemonLauncher;

/**
 * How a pm command reaches the daemon: {@code $CORRAL_HOME} (default {@code ~/.corral}), and, when no daemon
 * answers, this same jar started again as {@code corral daemon} in the background.
 */
final class DaemonConnection {
  private DaemonConnection() {}

  static DaemonClient client() {
    return new DaemonClient(CorralHome.fromEnvironment(System.getenv()),
        DaemonLauncher.sameJvm("dev.corral.cli.CorralMain", "daemon"));
  }
}
