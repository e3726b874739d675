package dev.corral.cli.pm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.pm.config.Quantity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The process table of {@code corral list}: id, name, namespace, mode, pid, uptime, restarts (↺), status, cpu,
 * memory — pm2's columns, as aligned plain text. Stateless.
 */
final class InstanceTable {
  private static final String[] HEADER = {"id", "name", "namespace", "mode", "pid", "uptime", "↺", "status", "cpu",
      "memory"};

  private InstanceTable() {}

  static void print(JsonNode views, PrintWriter out) {
    if (views == null || !views.isArray() || views.isEmpty()) {
      out.println("no processes (start one with: corral start <script|jar|corral.yaml>)");
      out.flush();
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (JsonNode v : views) {
      long pid = v.path("pid").asLong();
      rows.add(new String[] {
        v.path("id").asText(), v.path("name").asText(), v.path("namespace").asText(), v.path("mode").asText(),
        pid > 0 ? Long.toString(pid) : "-", pid > 0 ? Quantity.formatMillis(v.path("uptimeMs").asLong()) : "-",
        v.path("restarts").asText(), v.path("status").asText(),
        String.format(Locale.ROOT, "%.1f%%", v.path("cpuPercent").asDouble()),
        Quantity.formatBytes(v.path("memoryBytes").asLong())});
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
