package dev.corral.cli.pm;

import dev.corral.pm.config.Quantity;
import dev.corral.pm.process.InstanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The picture of {@code corral monit}: a title, one row per instance (id, name, namespace, status, cpu, memory,
 * restarts, uptime) with the selected one marked {@code ▶}, then the tail of the selected instance's logs filling
 * the rest of the screen. A pure function of the process list, the selection, the log lines and the size, so it
 * is tested without a terminal.
 *
 * <p>Stateless.
 */
final class MonitScreen {
  /** Marks the selected row (the terminal view also shows it in reverse video). */
  static final String MARK = "▶ ";
  private static final String TITLE = "corral monit  ↑/↓ select  q quit";

  private MonitScreen() {}

  /** What {@link #render} draws. */
  record Frame(List<String> lines, int selectedLine) {}

  /**
   * @param views the instances, as {@code list} returns them
   * @param selected index into {@code views} (clamped)
   * @param logLines the selected instance's latest log lines, oldest first
   * @param width columns (at least 20 are used)
   * @param height rows (at least 6 are used)
   */
  static Frame render(List<InstanceView> views, int selected, List<String> logLines, int width, int height) {
    int w = Math.max(20, width);
    int h = Math.max(6, height);
    List<String> lines = new ArrayList<>();
    lines.add(fit(TITLE, w));
    int selectedLine = -1;
    if (views.isEmpty()) {
      lines.add(fit("no processes (start one with: corral start <script|jar|corral.yaml>)", w));
    } else {
      int sel = Math.max(0, Math.min(selected, views.size() - 1));
      lines.add(fit(String.format(Locale.ROOT, "  %-4s %-20s %-10s %-15s %7s %9s %4s %8s", "id", "name",
          "namespace", "status", "cpu", "memory", "↺", "uptime"), w));
      int rows = Math.max(1, Math.min(views.size(), (h - 4) / 2));
      int first = Math.max(0, Math.min(sel - rows / 2, views.size() - rows));
      for (int i = first; i < first + rows; i++) {
        if (i == sel) {
          selectedLine = lines.size();
        }
        lines.add(fit((i == sel ? MARK : "  ") + row(views.get(i)), w));
      }
      InstanceView v = views.get(sel);
      lines.add(fit("── logs of " + v.id() + "|" + v.name() + " " + "─".repeat(w), w));
      int room = h - lines.size();
      List<String> tail = logLines.subList(Math.max(0, logLines.size() - room), logLines.size());
      tail.forEach(l -> lines.add(fit(l, w)));
    }
    return new Frame(List.copyOf(lines), selectedLine);
  }

  private static String row(InstanceView v) {
    return String.format(Locale.ROOT, "%-4s %-20s %-10s %-15s %6.1f%% %9s %4s %8s", v.id(), cut(v.name(), 20),
        cut(v.namespace(), 10), v.status(), v.cpuPercent(), Quantity.formatBytes(v.memoryBytes()), v.restarts(),
        v.pid() > 0 ? Quantity.formatMillis(v.uptimeMs()) : "-");
  }

  private static String cut(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  /** Cuts a line to the width (tabs become spaces, other control characters are dropped). */
  static String fit(String s, int width) {
    String clean = s.replace('\t', ' ').replaceAll("\\p{Cntrl}", "");
    return clean.length() <= width ? clean : clean.substring(0, width);
  }
}
