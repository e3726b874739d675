package dev.corral.pm.process;

import dev.corral.pm.PmException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What is checked before an app starts, so a mistake fails the command with one clear line instead of every
 * launch: a bad {@code increment_var}, a log file in a missing folder, a {@code ready_port} already held by
 * another process (the app could not bind it, and readiness would wrongly succeed at once).
 *
 * <p>Stateless.
 */
final class StartChecks {
  private StartChecks() {}

  /** Checks a new app. */
  static void beforeStart(AppSpec spec) {
    beforeUpdate(spec);
    if (spec.readyPort() > 0 && Readiness.accepts(spec.readyPort())) {
      throw new PmException("ready_port " + spec.readyPort() + " is already in use by another process; stop it"
          + " or choose another port");
    }
    if (spec.cluster() && !PortPlan.isFree(spec.port())) {
      throw new PmException("port " + spec.port() + " is already in use by another process; stop it or choose"
          + " another port");
    }
  }

  /** Checks new settings of an app that exists (its own process may hold its port). */
  static void beforeUpdate(AppSpec spec) {
    for (int i = 0; i < spec.instances(); i++) {
      ChildLauncher.environment(spec, i, System.getenv());
    }
    for (String[] f : new String[][] {{"out_file", spec.outFile()}, {"error_file", spec.errorFile()}}) {
      Path parent = Path.of(spec.cwd()).resolve(f[1]).toAbsolutePath().getParent();
      if (!f[1].isEmpty() && (parent == null || !Files.isDirectory(parent))) {
        throw new IllegalArgumentException(f[0] + ": " + f[1] + " (expected: a file in an existing folder)");
      }
    }
  }
}
