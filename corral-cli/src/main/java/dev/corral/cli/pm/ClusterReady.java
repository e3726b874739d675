package dev.corral.cli.pm;

import dev.corral.gate.admin.GateAdminClient;
import dev.corral.gate.admin.GateAdminException;
import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.process.AppSpec;
import java.util.List;

/** What {@code corral start} waits for before it returns when it started cluster-mode apps. Stateless. */
final class ClusterReady {
  private ClusterReady() {}

  /**
   * Waits until each cluster-mode app started serves its port — its gate's pool has a server that is up — so that
   * the app answers once {@code start} returns (bounded by the app's listen_timeout plus the gate's start). An app
   * that is not there by then is left to start; the table shows where it is.
   */
  static void await(DaemonClient client, List<AppSpec> specs) {
    List<AppSpec> clusters = specs.stream().filter(AppSpec::cluster).toList();
    long until = System.currentTimeMillis() + clusters.stream().mapToLong(AppSpec::listenTimeoutMs).max()
        .orElse(0) + AppSpec.CLUSTER_LISTEN_TIMEOUT_MS;
    for (AppSpec app : clusters) {
      GateAdminClient gate = GateAdminClient.unixSocket(client.home().cluster().resolve(app.name())
          .resolve("admin.sock"));
      while (System.currentTimeMillis() < until && !serving(gate, app.name())) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static boolean serving(GateAdminClient gate, String upstream) {
    try {
      return gate.upstream(upstream).servers().stream().anyMatch(s -> s.state().equals("up"));
    } catch (GateAdminException e) {
      return false; // the gate is still starting
    }
  }
}
