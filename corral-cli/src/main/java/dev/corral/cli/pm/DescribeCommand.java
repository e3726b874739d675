package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import dev.corral.pm.config.Quantity;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.InstanceView;
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
    List<InstanceView> matches = DaemonConnection.client().send(new Request.ListInstances()).instances().stream()
        .filter(v -> v.answersTo(target)).toList();
    if (matches.isEmpty()) {
      throw new PmException("no app or namespace named '" + target + "' (see corral list)");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (InstanceView v : matches) {
      AppSpec s = v.spec();
      row(out, "id", Integer.toString(v.id()));
      row(out, "name", v.name());
      row(out, "namespace", v.namespace());
      row(out, "status", v.status());
      row(out, "pid", v.pid() > 0 ? Long.toString(v.pid()) : "-");
      row(out, "uptime", Quantity.formatMillis(v.uptimeMs()));
      row(out, "restarts", Integer.toString(v.restarts()));
      row(out, "unstable restarts", Integer.toString(v.unstableRestarts()));
      row(out, "last exit code", v.lastExitCode() < 0 ? "-" : Integer.toString(v.lastExitCode()));
      row(out, "instance", v.index() + " of " + s.instances());
      row(out, "command", join(s.command()));
      row(out, "cwd", s.cwd());
      row(out, "out log", v.outLog());
      row(out, "err log", v.errLog());
      row(out, "autorestart", Boolean.toString(s.autorestart()));
      row(out, "max restarts", Integer.toString(s.maxRestarts()));
      row(out, "min uptime", s.minUptimeMs() + " ms");
      row(out, "restart delay", s.restartDelayMs() + " ms");
      row(out, "exp backoff", s.expBackoffRestartDelayMs() == 0 ? "off" : s.expBackoffRestartDelayMs() + " ms");
      row(out, "kill timeout", s.killTimeoutMs() + " ms (SIG" + s.stopSignal() + ")");
      row(out, "max memory", s.maxMemoryBytes() == 0 ? "off" : Quantity.formatBytes(s.maxMemoryBytes()));
      row(out, "log rotation", Quantity.formatBytes(s.logMaxBytes()) + " x " + s.logKeep());
      row(out, "log date format", s.logDateFormat().isEmpty() ? "off" : s.logDateFormat());
      row(out, "merge logs", Boolean.toString(s.mergeLogs()));
      if (!s.readyLine().isEmpty()) {
        row(out, "ready line", s.readyLine());
      }
      double cpu = v.cpuPercent();
      row(out, "cpu", (cpu == Math.rint(cpu) ? Long.toString((long) cpu) : Double.toString(cpu)) + "%");
      row(out, "memory", Quantity.formatBytes(v.memoryBytes()));
      out.println();
    }
    out.flush();
    return PmExit.OK;
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf("%-18s %s%n", key, value);
  }

  private static String join(List<String> argv) {
    List<String> parts = new ArrayList<>();
    argv.forEach(n -> parts.add(n.contains(" ") ? "'" + n + "'" : n));
    return String.join(" ", parts);
  }
}
