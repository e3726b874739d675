package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.WireJson;
import dev.corral.pm.logs.LogFollower;
import dev.corral.pm.logs.LogTail;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code corral logs [id|name|namespace] [--lines N] [--err|--out] [--nostream] [--raw]}: prints the last lines of
 * each matching log, then follows them (across rotations) until Ctrl-C. The files are read directly: log traffic
 * never goes through the daemon's socket.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Shows the last lines of the logs, then follows them (Ctrl-C to stop).")
public final class LogsCommand implements Callable<Integer> {
  private static final long POLL_MS = 200;

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "id|name|namespace", description = "Default: all apps.")
  String target;

  @Option(names = "--lines", description = "Lines to show from each log first (default 15).")
  int lines = 15;

  @Option(names = "--err", description = "Only the error logs.")
  boolean errOnly;

  @Option(names = "--out", description = "Only the output logs.")
  boolean outOnly;

  @Option(names = "--nostream", description = "Print the last lines and exit.")
  boolean noStream;

  @Option(names = "--raw", description = "No 'id|name|' prefix.")
  boolean raw;

  @Option(names = "--json", description = "One JSON object per line: id, name, stream, message.")
  boolean json;

  private record Log(String prefix, Path path, Map<String, Object> fields) {}

  @Override
  public Integer call() throws InterruptedException {
    if (lines < 0) {
      throw new IllegalArgumentException("--lines: " + lines + " (expected: >= 0)");
    }
    List<Log> logs = new ArrayList<>();
    for (Map<String, Object> v : WireJson.objects(DaemonConnection.client().call("list", Map.of()))) {
      if (target == null || WireJson.str(v, "id").equals(target) || WireJson.str(v, "name").equals(target)
          || WireJson.str(v, "namespace").equals(target)) {
        String who = WireJson.str(v, "id") + "|" + WireJson.str(v, "name") + "|";
        if (!errOnly) {
          logs.add(new Log(who + "out| ", Path.of(WireJson.str(v, "outLog")), fields(v, "out")));
        }
        if (!outOnly) {
          logs.add(new Log(who + "err| ", Path.of(WireJson.str(v, "errLog")), fields(v, "err")));
        }
      }
    }
    if (target != null && logs.isEmpty()) {
      throw new PmException("no app or namespace named '" + target + "' (see corral list)");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Log log : logs) {
      LogTail.last(log.path(), lines).forEach(line -> out.println(format(log, line)));
    }
    out.flush();
    if (noStream) {
      return PmExit.OK;
    }
    List<LogFollower> followers = logs.stream().map(l -> new LogFollower(l.path(), true)).toList();
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (int i = 0; i < logs.size(); i++) {
          Log log = logs.get(i);
          followers.get(i).poll(line -> out.println(format(log, line)));
        }
        out.flush();
        Thread.sleep(POLL_MS);
      }
    } finally {
      followers.forEach(LogFollower::close);
    }
    return PmExit.OK;
  }

  private String format(Log log, String line) {
    if (json) {
      Map<String, Object> record = new java.util.LinkedHashMap<>(log.fields());
      record.put("message", line);
      return WireJson.write(record);
    }
    return raw ? line : log.prefix() + line;
  }

  private static Map<String, Object> fields(Map<String, Object> view, String stream) {
    Map<String, Object> f = new java.util.LinkedHashMap<>();
    f.put("id", WireJson.num(view, "id"));
    f.put("name", WireJson.str(view, "name"));
    f.put("stream", stream);
    return f;
  }
}
