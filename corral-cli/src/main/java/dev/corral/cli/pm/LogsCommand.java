package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.daemon.protocol.WireJson;
import dev.corral.pm.logs.LogDateFormat;
import dev.corral.pm.logs.LogFollower;
import dev.corral.pm.logs.LogTail;
import dev.corral.pm.process.InstanceView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code corral logs [id|name|namespace] [--lines N] [--err|--out] [--nostream] [--raw] [--json]
 * [--timestamp [FORMAT]]}: prints the last lines of each matching log, then follows them (across rotations) until
 * Ctrl-C. As in pm2, {@code --timestamp} stamps the followed lines with the time they are read, and {@code --json}
 * prints {@code {"message","timestamp","type","process_id","app_name"}} per line. The files are read directly: log traffic
 * never goes through the daemon's socket.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Shows the last lines of the logs, then follows them (Ctrl-C to stop).")
public final class LogsCommand implements Callable<Integer> {
  private static final long POLL_MS = 200;
  /** pm2's default {@code --timestamp} format. */
  private static final String DEFAULT_STAMP = "YYYY-MM-DD-HH:mm:ss";

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

  @Option(names = "--json",
      description = "One JSON object per line, pm2's shape: message, timestamp, type, process_id, app_name.")
  boolean json;

  @Option(names = "--timestamp", arity = "0..1", paramLabel = "FORMAT", fallbackValue = DEFAULT_STAMP,
      description = "Prefix each followed line with the time it was read (default format " + DEFAULT_STAMP + ").")
  String timestamp;

  private record Log(String prefix, Path path, Map<String, Object> fields) {}

  private LogDateFormat stamp;

  @Override
  public Integer call() throws InterruptedException {
    if (lines < 0) {
      throw new IllegalArgumentException("--lines: " + lines + " (expected: >= 0)");
    }
    List<Log> logs = new ArrayList<>();
    List<InstanceView> views = DaemonConnection.client().send(new Request.ListInstances()).instances();
    if (timestamp != null && target == null && isTarget(views, timestamp)) {
      target = timestamp; // `logs --timestamp web`: the option's format is optional, so "web" landed there
      timestamp = DEFAULT_STAMP;
    }
    if (timestamp != null) {
      stamp = LogDateFormat.parse("--timestamp", timestamp, ZoneId.systemDefault());
    }
    for (InstanceView v : views) {
      if (target == null || v.answersTo(target)) {
        String who = v.id() + "|" + v.name() + "|";
        Path outLog = Path.of(v.outLog());
        Path errLog = Path.of(v.errLog());
        // merge_logs: the instances of an app share one file, shown once (under the first instance).
        if (!errOnly && logs.stream().noneMatch(l -> l.path().equals(outLog))) {
          logs.add(new Log(who + "out| ", outLog, fields(v, "out")));
        }
        if (!outOnly && logs.stream().noneMatch(l -> l.path().equals(errLog))) {
          logs.add(new Log(who + "err| ", errLog, fields(v, "err")));
        }
      }
    }
    if (target != null && logs.isEmpty()) {
      throw new PmException("no app or namespace named '" + target + "' (see corral list)");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Log log : logs) {
      LogTail.last(log.path(), lines).forEach(line -> out.println(format(log, line, false)));
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
          followers.get(i).poll(line -> out.println(format(log, line, true)));
        }
        out.flush();
        Thread.sleep(POLL_MS);
      }
    } finally {
      followers.forEach(LogFollower::close);
    }
    return PmExit.OK;
  }

  /** A line as printed: pm2's JSON record, or the line with its prefix; followed lines may get a timestamp. */
  private String format(Log log, String line, boolean followed) {
    if (json) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("message", line);
      record.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
      record.putAll(log.fields());
      return WireJson.write(record);
    }
    String text = raw ? line : log.prefix() + line;
    return followed && stamp != null ? stamp.format(Instant.now()) + " " + text : text;
  }

  private static boolean isTarget(List<InstanceView> views, String target) {
    return views.stream().anyMatch(v -> v.answersTo(target));
  }

  /** pm2's {@code logs --json} fields after message and timestamp. */
  private static Map<String, Object> fields(InstanceView view, String stream) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", stream);
    f.put("process_id", (long) view.id());
    f.put("app_name", view.name());
    return f;
  }
}
