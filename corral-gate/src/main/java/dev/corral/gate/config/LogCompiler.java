package dev.corral.gate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles {@code access_log} and {@code error_log} of one level into {@link LogSettings}; paths resolve against
 * the prefix, formats are the http block's {@code log_format}s. Not thread-safe.
 */
final class LogCompiler extends FeatureCompiler<LogSettings> {
  static final Set<String> NAMES = Set.of("access_log", "error_log");

  private final Path prefix;
  private final Map<String, Template> logFormats;
  private AccessLog accessLog;
  /** This level's access_log lines after the first (null until the level has one of its own). */
  private List<AccessLog> moreAccessLogs = List.of();
  private boolean accessLogsDefinedHere;
  private boolean accessLogOff;
  private List<ErrorLogTarget> errorLogs;
  private boolean errorLogsDefinedHere;

  LogCompiler(LogSettings parent, Path prefix, Map<String, Template> logFormats) {
    this.prefix = prefix;
    this.logFormats = logFormats;
    accessLog = parent.accessLog();
    moreAccessLogs = parent.moreAccessLogs();
    errorLogs = parent.errorLogs();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("error_log", "access_log");
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "access_log" -> accessLog(d);
      case "error_log" -> {
        Values.requireArgs(d, 1, 2);
        refuseUnsupportedErrorLog(d);
        String level = d.args().size() == 2 ? GateConfigCompiler.errorLevel(d, d.arg(1)) : "error";
        if (!errorLogsDefinedHere) {
          // A level's error_log lines replace the inherited ones; several at one level all apply.
          errorLogsDefinedHere = true;
          errorLogs = new ArrayList<>();
        }
        errorLogs.add(new ErrorLogTarget(prefix.resolve(d.arg(0)), level));
      }
      default -> throw new IllegalStateException("unhandled log directive " + d.name());
    }
  }

  /** nginx's {@code syslog:} and {@code memory:} error logs are not implemented: an error, never such a file. */
  static void refuseUnsupportedErrorLog(Directive d) {
    if (d.arg(0).startsWith("syslog:") || d.arg(0).startsWith("memory:")) {
      throw new ConfigException("\"error_log " + d.arg(0).substring(0, d.arg(0).indexOf(':') + 1)
          + "...\" is not supported by corral gate (expected: a file or stderr)", d.position());
    }
  }

  private void accessLog(Directive d) {
    Values.requireArgs(d, 1, 6);
    if (d.arg(0).equals("off")) {
      if (d.args().size() != 1) {
        throw new ConfigException("invalid number of arguments in \"access_log\" directive", d.position());
      }
      // nginx: "off" at a level cancels every access_log of that level.
      accessLogOff = true;
      accessLogsDefinedHere = true;
      accessLog = AccessLog.off();
      moreAccessLogs = List.of();
      return;
    }
    String formatName = d.args().size() > 1 ? d.arg(1) : AccessLog.COMBINED_NAME;
    Template format = logFormats.get(formatName);
    if (format == null) {
      throw new ConfigException("unknown log format \"" + formatName + "\"", d.position());
    }
    int buffer = 0;
    Optional<Duration> flush = Optional.empty();
    for (String param : d.args().subList(Math.min(2, d.args().size()), d.args().size())) {
      if (param.startsWith("buffer=")) {
        long size = Values.size(d, param.substring("buffer=".length()));
        if (size < 1 || size > 64L * 1024 * 1024) {
          throw Values.invalid(d, param, "buffer=SIZE from 1 to 64m");
        }
        buffer = (int) size;
      } else if (param.startsWith("flush=")) {
        Duration time = Values.duration(d, param.substring("flush=".length()));
        if (time.isZero()) {
          throw Values.invalid(d, param, "flush=TIME above 0");
        }
        flush = Optional.of(time);
      } else if (param.startsWith("gzip") || param.startsWith("if=")) {
        throw new ConfigException("\"access_log ... " + param + "\" is not supported by corral gate", d.position());
      } else {
        throw new ConfigException("invalid parameter \"" + param + "\" in \"access_log\" directive (expected: "
            + "buffer=SIZE or flush=TIME)", d.position());
      }
    }
    if (flush.isPresent() && buffer == 0) {
      throw new ConfigException("no buffer is defined for access_log \"" + d.arg(0) + "\"", d.position());
    }
    Optional<Path> path = Optional.of(prefix.resolve(d.arg(0)));
    AccessLog log = buffer == 0 ? new AccessLog(path, formatName, format)
        : new AccessLog(path, formatName, format, buffer, flush);
    if (accessLogOff) {
      return;
    }
    if (!accessLogsDefinedHere) {
      // A level's own access_log lines replace the inherited ones; several at one level all apply.
      accessLogsDefinedHere = true;
      accessLog = log;
      moreAccessLogs = new ArrayList<>();
    } else {
      moreAccessLogs.add(log);
    }
  }

  @Override
  LogSettings build() {
    return new LogSettings(accessLog, errorLogs, moreAccessLogs);
  }
}
