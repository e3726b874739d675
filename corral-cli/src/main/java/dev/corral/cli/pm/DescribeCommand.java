package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import dev.corral.pm.config.Quantity;
import dev.corral.pm.daemon.WireJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral describe <id|name>} (show, info, desc): every detail of the matching instances. */
@Command(name = "describe", aliases = {"show", "info", "desc"}, mixinStandardHelpOptions = true,
    description = "Shows the settings, state and log files of an app's instances.")
public final class DescribeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "id|name|namespace", description = "Which app.")
  String target;

  @Override
  public Integer call() {
    List<Map<String, Object>> matches = new ArrayList<>();
    for (Map<String, Object> v : WireJson.objects(DaemonConnection.client().call("list", Map.of()))) {
      if (WireJson.str(v, "id").equals(target) || WireJson.str(v, "name").equals(target)
          || WireJson.str(v, "namespace").equals(target)) {
        matches.add(v);
      }
    }
    if (matches.isEmpty()) {
      throw new PmException("no app or namespace named '" + target + "' (see corral list)");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Map<String, Object> v : matches) {
      Map<String, Object> s = WireJson.obj(v, "spec");
      row(out, "id", WireJson.str(v, "id"));
      row(out, "name", WireJson.str(v, "name"));
      row(out, "namespace", WireJson.str(v, "namespace"));
      row(out, "status", WireJson.str(v, "status"));
      row(out, "pid", WireJson.num(v, "pid") > 0 ? WireJson.str(v, "pid") : "-");
      row(out, "uptime", Quantity.formatMillis(WireJson.num(v, "uptimeMs")));
      row(out, "restarts", WireJson.str(v, "restarts"));
      row(out, "unstable restarts", WireJson.str(v, "unstableRestarts"));
      row(out, "last exit code", WireJson.num(v, "lastExitCode") < 0 ? "-" : WireJson.str(v, "lastExitCode"));
      row(out, "instance", WireJson.str(v, "index") + " of " + WireJson.str(s, "instances"));
      row(out, "command", join(s.get("command")));
      row(out, "cwd", WireJson.str(s, "cwd"));
      row(out, "out log", WireJson.str(v, "outLog"));
      row(out, "err log", WireJson.str(v, "errLog"));
      row(out, "autorestart", WireJson.str(s, "autorestart"));
      row(out, "max restarts", WireJson.str(s, "maxRestarts"));
      row(out, "min uptime", WireJson.str(s, "minUptimeMs") + " ms");
      row(out, "restart delay", WireJson.str(s, "restartDelayMs") + " ms");
      row(out, "exp backoff", WireJson.num(s, "expBackoffRestartDelayMs") == 0 ? "off"
          : WireJson.str(s, "expBackoffRestartDelayMs") + " ms");
      row(out, "kill timeout", WireJson.str(s, "killTimeoutMs") + " ms (SIG" + WireJson.str(s, "stopSignal") + ")");
      row(out, "max memory", WireJson.num(s, "maxMemoryBytes") == 0 ? "off"
          : Quantity.formatBytes(WireJson.num(s, "maxMemoryBytes")));
      row(out, "log rotation", Quantity.formatBytes(WireJson.num(s, "logMaxBytes")) + " x "
          + WireJson.str(s, "logKeep"));
      row(out, "log date format", WireJson.str(s, "logDateFormat").isEmpty() ? "off" : WireJson.str(s, "logDateFormat"));
      row(out, "merge logs", WireJson.str(s, "mergeLogs"));
      if (!WireJson.str(s, "readyLine").isEmpty()) {
        row(out, "ready line", WireJson.str(s, "readyLine"));
      }
      row(out, "cpu", WireJson.str(v, "cpuPercent") + "%");
      row(out, "memory", Quantity.formatBytes(WireJson.num(v, "memoryBytes")));
      out.println();
    }
    out.flush();
    return PmExit.OK;
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf("%-18s %s%n", key, value);
  }

  private static String join(Object array) {
    List<String> parts = new ArrayList<>();
    if (array instanceof List<?> list) {
      list.forEach(n -> parts.add(n.toString().contains(" ") ? "'" + n + "'" : n.toString()));
    }
    return String.join(" ", parts);
  }
}
