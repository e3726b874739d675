package dev.corral.cli.pm;

import dev.corral.pm.config.Quantity;
import dev.corral.pm.daemon.WireJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The process table of {@code corral list}: id, name, namespace, mode, pid, uptime, restarts (↺), status, cpu,
 * memory — pm2's columns, as aligned plain text — and port: a cluster-mode instance's own loopback port, or the
 * port its app's gate serves. Stateless.
 */
final class InstanceTable {
  private static final String[] HEADER = {"id", "name", "namespace", "mode", "pid", "uptime", "↺", "status", "cpu",
      "memory", "port"};

  private InstanceTable() {}

  static void print(Object result, PrintWriter out) {
    List<Map<String, Object>> views = WireJson.objects(result);
    if (views.isEmpty()) {
      out.println("no processes (start one with: corral start <script|jar|corral.yaml>)");
      out.flush();
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Map<String, Object> v : views) {
      long pid = WireJson.num(v, "pid");
      rows.add(new String[] {
        WireJson.str(v, "id"), WireJson.str(v, "name"), WireJson.str(v, "namespace"), WireJson.str(v, "mode"),
        pid > 0 ? Long.toString(pid) : "-", pid > 0 ? Quantity.formatMillis(WireJson.num(v, "uptimeMs")) : "-",
        WireJson.str(v, "restarts"), WireJson.str(v, "status"),
        String.format(Locale.ROOT, "%.1f%%", WireJson.dbl(v, "cpuPercent")),
        Quantity.formatBytes(WireJson.num(v, "memoryBytes")),
        WireJson.num(v, "port") > 0 ? WireJson.str(v, "port") : ""});
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
