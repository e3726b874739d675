package dev.corral.cli.pm;

import dev.corral.pm.daemon.CorralHome;
import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.DaemonLauncher;
import dev.corral.pm.daemon.DaemonMain;

/**
 * How a pm command reaches the daemon: {@code $CORRAL_HOME} (default {@code ~/.corral}), and, when no daemon
 * answers, this same jar started again in the background on {@link DaemonMain} — the daemon itself, without the
 * CLI's picocli model (what {@code corral daemon} runs too), so it loads and keeps fewer classes.
 */
final class DaemonConnection {
  private DaemonConnection() {}

  static DaemonClient client() {
    return new DaemonClient(CorralHome.fromEnvironment(System.getenv()),
        DaemonLauncher.sameJvm(DaemonMain.class.getName()));
  }
}
