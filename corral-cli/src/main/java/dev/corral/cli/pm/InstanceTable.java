package dev.corral.cli.pm;

import dev.corral.pm.config.Quantity;
import dev.corral.pm.process.InstanceView;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The process table of {@code corral list}: id, name, namespace, mode, pid, uptime, restarts (↺), status, cpu,
 * memory — pm2's columns, as aligned plain text — and port: a cluster-mode instance's own loopback port, or the
 * port its app's gate serves. Stateless.
 */
final class InstanceTable {
  private static final String[] HEADER = {"id", "name", "namespace", "mode", "pid", "uptime", "↺", "status", "cpu",
      "memory", "port"};

  private InstanceTable() {}

  static void print(List<InstanceView> views, PrintWriter out) {
    if (views.isEmpty()) {
      out.println("no processes (start one with: corral start <script|jar|corral.yaml>)");
      out.flush();
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (InstanceView v : views) {
      long pid = v.pid();
      rows.add(new String[] {
        Integer.toString(v.id()), v.name(), v.namespace(), v.mode(),
        pid > 0 ? Long.toString(pid) : "-", pid > 0 ? Quantity.formatMillis(v.uptimeMs()) : "-",
        Integer.toString(v.restarts()), v.status(),
        String.format(Locale.ROOT, "%.1f%%", v.cpuPercent()),
        Quantity.formatBytes(v.memoryBytes()),
        v.port() > 0 ? Integer.toString(v.port()) : ""});
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == 0 ? "" : " │ ").append(String.format("%-" + widths[i] + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
