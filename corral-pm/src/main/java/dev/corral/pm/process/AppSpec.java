package dev.corral.pm.process;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.corral.pm.logs.LogDateFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to run and how to supervise it: pm2's app fields, immutable and validated when built. Durations are in
 * milliseconds (as in pm2's ecosystem files); sizes in bytes. Empty strings mean "not set" so the record stays
 * null-free and serialises as-is into the protocol and the saved state.
 *
 * <p>Defaults follow pm2 where pm2 has one ({@code max_restarts} 16, {@code min_uptime} 1000 ms,
 * {@code kill_timeout} 1600 ms, SIGINT) and fix its complaints elsewhere (log rotation on: 10 MB, keep 10).
 *
 * @param name app name shared by all its instances; letters, digits and {@code . _ -}
 * @param namespace group of apps that commands can target together
 * @param command the full argv, already resolved ({@code java -jar app.jar …}, {@code bash run.sh …})
 * @param cwd working directory, absolute
 * @param env extra environment variables, on top of the daemon's environment
 * @param instances number of fork-mode instances, at least 1
 * @param autorestart restart when the process exits (unless the code is in {@code stopExitCodes})
 * @param maxRestarts consecutive unstable restarts before the app is {@code errored}
 * @param minUptimeMs a run shorter than this counts as unstable
 * @param restartDelayMs fixed delay before a restart
 * @param expBackoffRestartDelayMs first delay of an exponential backoff (×1.5, capped at 15 s); 0 = off
 * @param killTimeoutMs time between the stop signal and SIGKILL of the whole tree
 * @param stopSignal signal name sent to stop the app (without {@code SIG})
 * @param stopExitCodes exit codes that mean "stopped on purpose": no restart
 * @param instanceVar env var receiving the instance index 0..N-1
 * @param incrementVar env var (such as {@code PORT}) incremented per instance; empty = none
 * @param maxMemoryBytes restart gracefully once the tree's RSS exceeds this; 0 = off
 * @param logDateFormat pm2's {@code log_date_format}: each log line is prefixed with the time in this dayjs-style
 *     format (daemon's zone) and {@code ": "}; {@code --time} sets {@value LogDateFormat#PM2_TIME}; empty = none
 * @param mergeLogs pm2's {@code merge_logs}: all instances write to one out and one err file, without the
 *     {@code -ID} suffix (each line stays whole)
 * @param logMaxBytes rotate a log file once it would exceed this size
 * @param logKeep rotated files kept per log
 * @param waitReady the app says it is ready by creating the file named in {@code $CORRAL_READY_FILE}
 * @param readyLine the app is ready once a line of its stdout contains this text (like {@code wait_ready}, without
 *     code in the app); empty = not used
 * @param readyPort ready once 127.0.0.1:port accepts connections; 0 = not used
 * @param healthUrl ready once this URL answers 2xx; afterwards polled, and failing {@code healthFailures} times
 *     in a row restarts the app (hang detection); empty = not used
 * @param healthIntervalMs time between health checks (also their timeout); 0 means the default, 5000
 * @param healthFailures consecutive failed checks that restart the app; 0 means the default, 3
 * @param listenTimeoutMs how long to wait for readiness before calling the app online anyway (pm2's
 *     listen_timeout); 0 means the default, 3000
 * @param watch paths (relative to cwd) whose changes restart the app; empty = off
 * @param ignoreWatch glob patterns of paths (or path names) not watched
 * @param watchDelayMs quiet time after the last change before the restart; 0 means the default, 1000
 * @param cronRestart a five-field cron expression (daemon's time zone) at which the app restarts; empty = none
 * @param outFile stdout log file (relative to cwd), {@code -ID} added before the extension when the app has
 *     several instances; empty = {@code $CORRAL_HOME/logs/NAME-ID-out.log}
 * @param errorFile the same for stderr
 * @param execMode {@code fork} (each instance on its own), {@code cluster} (the instances serve {@code port}
 *     together, behind a gate the daemon supervises; each instance gets its own loopback port in {@code PORT},
 *     {@code SERVER_PORT} and {@code CORRAL_PORT}) or {@code gate} (the front of a cluster-mode app, made by the
 *     daemon, never by users)
 * @param port the public port of a cluster-mode app; 0 otherwise
 * @param lb how the gate balances a cluster-mode app: {@code least_request} (P2C + latency EWMA, the default),
 *     {@code round_robin} or {@code least_conn}
 */
public record AppSpec(
    String name,
    String namespace,
    List<String> command,
    String cwd,
    Map<String, String> env,
    int instances,
    boolean autorestart,
    int maxRestarts,
    long minUptimeMs,
    long restartDelayMs,
    long expBackoffRestartDelayMs,
    long killTimeoutMs,
    String stopSignal,
    List<Integer> stopExitCodes,
    String instanceVar,
    String incrementVar,
    long maxMemoryBytes,
    String logDateFormat,
    boolean mergeLogs,
    long logMaxBytes,
    int logKeep,
    boolean waitReady,
    String readyLine,
    int readyPort,
    String healthUrl,
    long healthIntervalMs,
    int healthFailures,
    long listenTimeoutMs,
    List<String> watch,
    List<String> ignoreWatch,
    long watchDelayMs,
    String cronRestart,
    String outFile,
    String errorFile,
    String execMode,
    int port,
    String lb) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** The Linux signal names {@code kill -s} accepts (without {@code SIG}). */
  public static final java.util.Set<String> SIGNALS = java.util.Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT",
      "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP",
      "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
  /** The execution modes; {@code gate} is the daemon's own front of a cluster-mode app. */
  public static final java.util.Set<String> EXEC_MODES = java.util.Set.of("fork", "cluster", "gate");
  /** The balancing methods of a cluster-mode app's gate. */
  public static final java.util.Set<String> BALANCERS = java.util.Set.of("least_request", "round_robin", "least_conn");
  /** listen_timeout of a cluster-mode app when none is given: a JVM web app takes seconds to listen. */
  public static final long CLUSTER_LISTEN_TIMEOUT_MS = 30_000;
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Validates every field; an error names the field, the value and what was expected. */
  public AppSpec {
    require(name != null && NAME.matcher(name).matches() && !name.chars().allMatch(Character::isDigit),
        "name", name, "letters, digits, '.', '_' or '-', at most 64, not only digits");
    require(namespace != null && NAME.matcher(namespace).matches(), "namespace", namespace,
        "letters, digits, '.', '_' or '-'");
    require(command != null && !command.isEmpty() && command.stream().noneMatch(s -> s == null),
        "command", command, "a non-empty argv");
    require(cwd != null && cwd.startsWith("/"), "cwd", cwd, "an absolute path");
    require(env != null, "env", env, "a map");
    require(instances >= 1 && instances <= 1024, "instances", instances, "1..1024");
    require(maxRestarts >= 0, "max_restarts", maxRestarts, ">= 0");
    require(minUptimeMs >= 0, "min_uptime", minUptimeMs, ">= 0 ms");
    require(restartDelayMs >= 0, "restart_delay", restartDelayMs, ">= 0 ms");
    require(expBackoffRestartDelayMs >= 0, "exp_backoff_restart_delay", expBackoffRestartDelayMs, ">= 0 ms");
    require(killTimeoutMs >= 0 && killTimeoutMs <= 3_600_000, "kill_timeout", killTimeoutMs, "0..3600000 ms");
    require(stopSignal != null && SIGNALS.contains(stopSignal), "stop_signal", stopSignal,
        "a signal name such as INT or TERM");
    require(stopExitCodes != null && stopExitCodes.stream().allMatch(c -> c != null && c >= 0 && c <= 255),
        "stop_exit_codes", stopExitCodes, "exit codes 0..255");
    require(instanceVar != null && ENV_NAME.matcher(instanceVar).matches(), "instance_var", instanceVar,
        "an environment variable name");
    require(incrementVar != null && (incrementVar.isEmpty() || ENV_NAME.matcher(incrementVar).matches()),
        "increment_var", incrementVar, "an environment variable name");
    require(maxMemoryBytes >= 0, "max_memory_restart", maxMemoryBytes, ">= 0 bytes");
    require(logMaxBytes >= 1024, "log_max_size", logMaxBytes, ">= 1024 bytes");
    require(logKeep >= 1 && logKeep <= 1000, "log_keep", logKeep, "1..1000");
    healthUrl = healthUrl == null ? "" : healthUrl;
    healthIntervalMs = healthIntervalMs == 0 ? 5000 : healthIntervalMs;
    healthFailures = healthFailures == 0 ? 3 : healthFailures;
    execMode = execMode == null || execMode.isEmpty() ? "fork" : execMode;
    require(EXEC_MODES.contains(execMode), "exec_mode", execMode, "fork or cluster");
    lb = lb == null || lb.isEmpty() ? "least_request" : lb;
    require(BALANCERS.contains(lb), "lb", lb, "least_request, round_robin or least_conn");
    require(port >= 0 && port <= 65535, "port", port, "1..65535");
    require(!execMode.equals("fork") || port == 0, "port", port,
        "no port in fork mode (a port means cluster mode: exec_mode cluster)");
    require(execMode.equals("fork") || port > 0, "port", port, "the port the instances serve together (1..65535)");
    listenTimeoutMs = listenTimeoutMs == 0 ? (execMode.equals("cluster") ? CLUSTER_LISTEN_TIMEOUT_MS : 3000)
        : listenTimeoutMs;
    watch = watch == null ? List.of() : List.copyOf(watch);
    ignoreWatch = ignoreWatch == null ? List.of() : List.copyOf(ignoreWatch);
    watchDelayMs = watchDelayMs == 0 ? 1000 : watchDelayMs;
    require(watchDelayMs >= 10, "watch_delay", watchDelayMs, ">= 10 ms");
    require(watch.stream().noneMatch(String::isBlank), "watch", watch, "non-empty paths");
    cronRestart = cronRestart == null ? "" : cronRestart.trim();
    outFile = outFile == null ? "" : outFile;
    readyLine = readyLine == null ? "" : readyLine;
    require(!readyLine.contains("\n"), "ready_line", readyLine, "one line of text");
    logDateFormat = logDateFormat == null ? "" : logDateFormat;
    if (!logDateFormat.isEmpty()) {
      LogDateFormat.validate("log_date_format", logDateFormat);
    }
    errorFile = errorFile == null ? "" : errorFile;
    if (!cronRestart.isEmpty()) {
      CronSchedule.parse(cronRestart); // throws naming the bad field
    }
    require(readyPort >= 0 && readyPort <= 65535, "ready_port", readyPort, "0..65535");
    require(healthUrl.isEmpty() || healthUrl.startsWith("http://") || healthUrl.startsWith("https://")
        || (healthUrl.startsWith("/") && execMode.equals("cluster")),
        "health.url", healthUrl, "an http:// or https:// URL (in cluster mode also a path such as /health, asked of"
            + " each instance's own port)");
    require(healthIntervalMs >= 100, "health.interval", healthIntervalMs, ">= 100 ms");
    require(healthFailures >= 1, "health.failures", healthFailures, ">= 1");
    require(listenTimeoutMs >= 100, "listen_timeout", listenTimeoutMs, ">= 100 ms");
    command = List.copyOf(command);
    env = Map.copyOf(env);
    stopExitCodes = List.copyOf(stopExitCodes);
  }

  private static void require(boolean ok, String field, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: " + expected + ")");
    }
  }

  /** Whether this is a cluster-mode app (its instances behind one port). */
  @JsonIgnore
  public boolean cluster() {
    return execMode.equals("cluster");
  }

  /** Whether this is the gate in front of a cluster-mode app. */
  @JsonIgnore
  public boolean gate() {
    return execMode.equals("gate");
  }

  /** The env var incremented per instance, if any. */
  @JsonIgnore
  public Optional<String> incrementVarName() {
    return incrementVar.isEmpty() ? Optional.empty() : Optional.of(incrementVar);
  }

  /** Whether the app has a readiness condition (it stays {@code launching} until met or listen_timeout). */
  @JsonIgnore
  public boolean hasReadiness() {
    return usesReadyFile() || readyPort > 0 || !healthUrl.isEmpty() || cluster();
  }

  /** Whether readiness waits for the ready file: {@code wait_ready}, or a {@code ready_line} (which creates it). */
  @JsonIgnore
  public boolean usesReadyFile() {
    return waitReady || !readyLine.isEmpty();
  }

  /** The timestamp format of log lines in the given zone, if the app has one. */
  public Optional<LogDateFormat> logDateFormatIn(java.time.ZoneId zone) {
    return logDateFormat.isEmpty() ? Optional.empty()
        : Optional.of(LogDateFormat.parse("log_date_format", logDateFormat, zone));
  }

  /** A builder with pm2's defaults for everything but the name, command and cwd. */
  public static Builder builder(String name, List<String> command, String cwd) {
    return new Builder(name, command, cwd);
  }

  /** A builder starting from this spec, for a modified copy. */
  public Builder toBuilder() {
    Builder b = new Builder(name, command, cwd);
    b.namespace = namespace;
    b.env = env;
    b.instances = instances;
    b.autorestart = autorestart;
    b.maxRestarts = maxRestarts;
    b.minUptimeMs = minUptimeMs;
    b.restartDelayMs = restartDelayMs;
    b.expBackoffRestartDelayMs = expBackoffRestartDelayMs;
    b.killTimeoutMs = killTimeoutMs;
    b.stopSignal = stopSignal;
    b.stopExitCodes = stopExitCodes;
    b.instanceVar = instanceVar;
    b.incrementVar = incrementVar;
    b.maxMemoryBytes = maxMemoryBytes;
    b.logDateFormat = logDateFormat;
    b.mergeLogs = mergeLogs;
    b.logMaxBytes = logMaxBytes;
    b.logKeep = logKeep;
    b.waitReady = waitReady;
    b.readyLine = readyLine;
    b.readyPort = readyPort;
    b.healthUrl = healthUrl;
    b.healthIntervalMs = healthIntervalMs;
    b.healthFailures = healthFailures;
    b.listenTimeoutMs = listenTimeoutMs;
    b.watch = watch;
    b.ignoreWatch = ignoreWatch;
    b.watchDelayMs = watchDelayMs;
    b.cronRestart = cronRestart;
    b.outFile = outFile;
    b.errorFile = errorFile;
    b.execMode = execMode;
    b.port = port;
    b.lb = lb;
    return b;
  }

  /** Mutable builder; not thread-safe. {@link #build()} validates. */
  public static final class Builder {
    private String name;
    private List<String> command;
    private String cwd;
    private String namespace = "default";
    private Map<String, String> env = Map.of();
    private int instances = 1;
    private boolean autorestart = true;
    private int maxRestarts = 16;
    private long minUptimeMs = 1000;
    private long restartDelayMs = 0;
    private long expBackoffRestartDelayMs = 0;
    private long killTimeoutMs = 1600;
    private String stopSignal = "INT";
    private List<Integer> stopExitCodes = List.of();
    private String instanceVar = "CORRAL_INSTANCE";
    private String incrementVar = "";
    private long maxMemoryBytes = 0;
    private String logDateFormat = "";
    private boolean mergeLogs = false;
    private long logMaxBytes = 10L * 1024 * 1024;
    private int logKeep = 10;
    private boolean waitReady = false;
    private String readyLine = "";
    private int readyPort = 0;
    private String healthUrl = "";
    private long healthIntervalMs = 5000;
    private int healthFailures = 3;
    private long listenTimeoutMs = 0; // 0: the mode's default
    private List<String> watch = List.of();
    private List<String> ignoreWatch = List.of(".git", "*.log");
    private long watchDelayMs = 1000;
    private String cronRestart = "";
    private String outFile = "";
    private String errorFile = "";
    private String execMode = "fork";
    private int port = 0;
    private String lb = "least_request";

    private Builder(String name, List<String> command, String cwd) {
      this.name = name;
      this.command = command;
      this.cwd = cwd;
    }

    public Builder name(String v) { name = v; return this; }
    public Builder command(List<String> v) { command = v; return this; }
    public Builder cwd(String v) { cwd = v; return this; }
    public Builder namespace(String v) { namespace = v; return this; }
    public Builder env(Map<String, String> v) { env = v; return this; }
    public Builder instances(int v) { instances = v; return this; }
    public Builder autorestart(boolean v) { autorestart = v; return this; }
    public Builder maxRestarts(int v) { maxRestarts = v; return this; }
    public Builder minUptimeMs(long v) { minUptimeMs = v; return this; }
    public Builder restartDelayMs(long v) { restartDelayMs = v; return this; }
    public Builder expBackoffRestartDelayMs(long v) { expBackoffRestartDelayMs = v; return this; }
    public Builder killTimeoutMs(long v) { killTimeoutMs = v; return this; }
    public Builder stopSignal(String v) { stopSignal = v; return this; }
    public Builder stopExitCodes(List<Integer> v) { stopExitCodes = v; return this; }
    public Builder instanceVar(String v) { instanceVar = v; return this; }
    public Builder incrementVar(String v) { incrementVar = v; return this; }
    public Builder maxMemoryBytes(long v) { maxMemoryBytes = v; return this; }
    public Builder logDateFormat(String v) { logDateFormat = v; return this; }
    public Builder mergeLogs(boolean v) { mergeLogs = v; return this; }
    public Builder logMaxBytes(long v) { logMaxBytes = v; return this; }
    public Builder logKeep(int v) { logKeep = v; return this; }
    public Builder waitReady(boolean v) { waitReady = v; return this; }
    public Builder readyLine(String v) { readyLine = v; return this; }
    public Builder readyPort(int v) { readyPort = v; return this; }
    public Builder healthUrl(String v) { healthUrl = v; return this; }
    public Builder healthIntervalMs(long v) { healthIntervalMs = v; return this; }
    public Builder healthFailures(int v) { healthFailures = v; return this; }
    public Builder listenTimeoutMs(long v) { listenTimeoutMs = v; return this; }
    public Builder watch(List<String> v) { watch = v; return this; }
    public Builder ignoreWatch(List<String> v) { ignoreWatch = v; return this; }
    public Builder watchDelayMs(long v) { watchDelayMs = v; return this; }
    public Builder cronRestart(String v) { cronRestart = v; return this; }
    public Builder outFile(String v) { outFile = v; return this; }
    public Builder errorFile(String v) { errorFile = v; return this; }
    public Builder execMode(String v) { execMode = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder lb(String v) { lb = v; return this; }

    /** @throws IllegalArgumentException naming the first invalid field, its value and what was expected */
    public AppSpec build() {
      return new AppSpec(name, namespace, command, cwd, env, instances, autorestart, maxRestarts, minUptimeMs,
          restartDelayMs, expBackoffRestartDelayMs, killTimeoutMs, stopSignal, stopExitCodes, instanceVar,
          incrementVar, maxMemoryBytes, logDateFormat, mergeLogs, logMaxBytes, logKeep, waitReady, readyLine, readyPort, healthUrl,
          healthIntervalMs, healthFailures, listenTimeoutMs, watch, ignoreWatch, watchDelayMs, cronRestart, outFile,
          errorFile, execMode, port, lb);
    }
  }
}
