package dev.corral.cli.gate;

import dev.corral.gate.admin.GateAdminClient;
import dev.corral.gate.admin.ServerView;
import dev.corral.gate.admin.UpstreamView;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral gate upstream list [UPSTREAM]}: a table of upstreams and servers with their state. */
@Command(name = "list", aliases = "ls", description = "List upstreams and their servers: state, active, fails, weight.")
final class UpstreamListCommand implements Callable<Integer> {
  static final List<String> HEADER = List.of("upstream", "id", "server", "state", "active", "fails", "weight");

  @Mixin GateTarget target;

  @Parameters(arity = "0..1", paramLabel = "UPSTREAM", description = "only this upstream")
  String upstream;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    GateAdminClient client = target.client();
    List<UpstreamView> upstreams = upstream == null ? client.upstreams() : List.of(client.upstream(upstream));
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (UpstreamView u : upstreams) {
      if (u.servers().isEmpty()) {
        rows.add(List.of(u.name(), "-", "(no servers)", "-", "-", "-", "-"));
      }
      for (ServerView s : u.servers()) {
        rows.add(List.of(u.name(), Integer.toString(s.id()), s.address() + (s.backup() ? " backup" : ""), s.state(),
            Integer.toString(s.active()), Integer.toString(s.fails()), Integer.toString(s.weight())));
      }
    }
    print(rows, spec.commandLine().getOut());
    return 0;
  }

  private static void print(List<List<String>> rows, PrintWriter out) {
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == 0 ? "" : "  ").append(i == row.size() - 1 ? row.get(i)
            : String.format("%-" + widths[i] + "s", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
