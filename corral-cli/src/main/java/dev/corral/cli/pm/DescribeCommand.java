package dev.corral.cli.pm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.pm.PmException;
import dev.corral.pm.config.Quantity;
import dev.corral.pm.daemon.Protocol;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
    List<JsonNode> matches = new ArrayList<>();
    for (JsonNode v : DaemonConnection.client().call("list", Protocol.args())) {
      if (v.path("id").asText().equals(target) || v.path("name").asText().equals(target)
          || v.path("namespace").asText().equals(target)) {
        matches.add(v);
      }
    }
    if (matches.isEmpty()) {
      throw new PmException("no app or namespace named '" + target + "' (see corral list)");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (JsonNode v : matches) {
      JsonNode s = v.path("spec");
      row(out, "id", v.path("id").asText());
      row(out, "name", v.path("name").asText());
      row(out, "namespace", v.path("namespace").asText());
      row(out, "status", v.path("status").asText());
      row(out, "pid", v.path("pid").asLong() > 0 ? v.path("pid").asText() : "-");
      row(out, "uptime", Quantity.formatMillis(v.path("uptimeMs").asLong()));
      row(out, "restarts", v.path("restarts").asText());
      row(out, "unstable restarts", v.path("unstableRestarts").asText());
      row(out, "last exit code", v.path("lastExitCode").asInt() < 0 ? "-" : v.path("lastExitCode").asText());
      row(out, "instance", v.path("index").asText() + " of " + s.path("instances").asText());
      row(out, "command", join(s.path("command")));
      row(out, "cwd", s.path("cwd").asText());
      row(out, "out log", v.path("outLog").asText());
      row(out, "err log", v.path("errLog").asText());
      row(out, "autorestart", s.path("autorestart").asText());
      row(out, "max restarts", s.path("maxRestarts").asText());
      row(out, "min uptime", s.path("minUptimeMs").asText() + " ms");
      row(out, "restart delay", s.path("restartDelayMs").asText() + " ms");
      row(out, "exp backoff", s.path("expBackoffRestartDelayMs").asLong() == 0 ? "off"
          : s.path("expBackoffRestartDelayMs").asText() + " ms");
      row(out, "kill timeout", s.path("killTimeoutMs").asText() + " ms (SIG" + s.path("stopSignal").asText() + ")");
      row(out, "max memory", s.path("maxMemoryBytes").asLong() == 0 ? "off"
          : Quantity.formatBytes(s.path("maxMemoryBytes").asLong()));
      row(out, "log rotation", Quantity.formatBytes(s.path("logMaxBytes").asLong()) + " x "
          + s.path("logKeep").asText());
      row(out, "cpu", v.path("cpuPercent").asText() + "%");
      row(out, "memory", Quantity.formatBytes(v.path("memoryBytes").asLong()));
      out.println();
    }
    out.flush();
    return PmExit.OK;
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf("%-18s %s%n", key, value);
  }

  private static String join(JsonNode array) {
    List<String> parts = new ArrayList<>();
    array.forEach(n -> parts.add(n.asText().contains(" ") ? "'" + n.asText() + "'" : n.asText()));
    return String.join(" ", parts);
  }
}
