package dev.corral.pm.cluster;

import dev.corral.gate.admin.GateAdminClient;
import dev.corral.gate.admin.GateAdminException;
import dev.corral.gate.admin.ServerView;
import dev.corral.gate.admin.UpstreamView;
import dev.corral.pm.web.GateReader;
import dev.corral.pm.web.GateReport;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's view of each cluster-mode app's gate, read over the gate's admin socket
 * ({@code cluster/NAME/admin.sock}): the servers of the app's upstream with their states, and, when the gate
 * serves {@code /metrics}, its request, error, latency and limit counters (summed over servers, locations and
 * upstreams). Each read is two bounded admin requests ({@link GateAdminClient#TIMEOUT}); a gate that does not
 * answer reads as empty, one whose metrics do not parse reads without traffic.
 *
 * <p>Thread-safe (stateless).
 */
public final class GateReports implements GateReader {
  private final Path clusterDir;

  /** @param clusterDir {@code $CORRAL_HOME/cluster} */
  public GateReports(Path clusterDir) {
    this.clusterDir = clusterDir;
  }

  @Override
  public Optional<GateReport> read(String app) {
    GateAdminClient admin = GateAdminClient.unixSocket(clusterDir.resolve(app).resolve("admin.sock"));
    try {
      UpstreamView upstream = admin.upstream(app);
      List<GateReport.Server> servers = upstream.servers().stream().map(GateReports::server).toList();
      return Optional.of(new GateReport(servers, admin.metricsText().flatMap(GateTraffic::of)));
    } catch (GateAdminException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static GateReport.Server server(ServerView s) {
    return new GateReport.Server(s.address(), s.state(), s.active(), s.fails(), s.weight(), s.backup());
  }
}
