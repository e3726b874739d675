package dev.corral.cli.pm;

import dev.corral.pm.config.CommandResolver;
import dev.corral.pm.config.EcosystemFile;
import dev.corral.pm.config.Quantity;
import dev.corral.pm.daemon.CorralHome;
import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.logs.LogDateFormat;
import dev.corral.pm.process.AppSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code corral start}: runs a jar ({@code java -jar}), a script (interpreter by extension), any command on the
 * PATH, or every app of an ecosystem file ({@code corral.yaml}, {@code .yml}, {@code .json}). pm2's flags. The app
 * gets this shell's environment (as with pm2), plus the instance variables.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Starts an app (jar, script, command) or the apps of an ecosystem file, and supervises it.")
public final class StartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "script|jar|command|corral.yaml", description = "What to run.")
  String script;

  @Parameters(index = "1..*", paramLabel = "args", description = "Arguments for the app (after --).")
  List<String> args = new ArrayList<>();

  @Option(names = {"-n", "--name"}, description = "App name (default: the script's file name).")
  String name;

  @Option(names = {"-i", "--instances"}, description = "Number of instances: N, max (all CPUs), -1 (CPUs - 1).")
  String instances;

  @Option(names = "--port", paramLabel = "PORT", description = "Cluster mode: the instances serve PORT together, "
      + "behind a gate; each gets its own loopback port in $PORT, $SERVER_PORT and $CORRAL_PORT.")
  Integer port;

  @Option(names = "--no-daemon", description = "Run in the foreground (a container's PID 1, as pm2-runtime): apps' "
      + "output on stdout, SIGTERM stops them all, exits when they are gone.")
  boolean noDaemon;

  @Option(names = "--lb", paramLabel = "METHOD",
      description = "Cluster mode: least_request (default: P2C + latency EWMA), round_robin or least_conn.")
  String lb;

  @Option(names = "--cwd", description = "Working directory (default: the current one).")
  Path cwd;

  @Option(names = "--namespace", description = "Namespace (default: default).")
  String namespace;

  @Option(names = "--interpreter", description = "Program that runs the script; 'none' runs it directly.")
  String interpreter = "";

  @Option(names = "--jvm-args", description = "JVM options for a jar, e.g. \"-Xmx256m -Dfoo=bar\".")
  String jvmArgs = "";

  @Option(names = "--env", description = "Ecosystem files only: also apply env_<NAME>.")
  String envProfile;

  @Option(names = "--only", description = "Ecosystem files only: start just this app.")
  String only;

  @Option(names = "--max-restarts", description = "Unstable restarts in a row before 'errored' (default 16).")
  Integer maxRestarts;

  @Option(names = "--min-uptime", description = "A run shorter than this is unstable (default 1000 ms).")
  String minUptime;

  @Option(names = "--restart-delay", description = "Fixed delay before a restart (default 0).")
  String restartDelay;

  @Option(names = "--exp-backoff-restart-delay",
      description = "First delay of an exponential backoff (x1.5 per restart, capped at 15 s).")
  String expBackoff;

  @Option(names = {"-k", "--kill-timeout"}, description = "Time between SIGINT and SIGKILL (default 1600 ms).")
  String killTimeout;

  @Option(names = "--stop-signal", description = "Signal that stops the app (default INT).")
  String stopSignal;

  @Option(names = "--no-autorestart", description = "Do not restart the app when it exits.")
  boolean noAutorestart;

  @Option(names = "--stop-exit-codes", split = ",", description = "Exit codes that mean 'do not restart'.")
  List<Integer> stopExitCodes;

  @Option(names = "--max-memory-restart", description = "Restart once the app's tree uses more, e.g. 300M.")
  String maxMemory;

  @Option(names = "--time", description = "Prefix log lines with the local time (pm2's YYYY-MM-DDTHH:mm:ss).")
  boolean time;

  @Option(names = "--log-date-format", paramLabel = "FORMAT",
      description = "Prefix log lines with the local time in this format, e.g. \"YYYY-MM-DD HH:mm:ss Z\".")
  String logDateFormat;

  @Option(names = "--merge-logs", description = "All instances write to one out and one err file (no -ID).")
  boolean mergeLogs;

  @Option(names = {"-f", "--force"}, description = "Start even if the app runs already (adds instances).")
  boolean force;

  @Option(names = "--update-env",
      description = "When start restarts an existing app, give it this shell's environment.")
  boolean updateEnv;

  @Option(names = "--increment-var", description = "Env var incremented per instance, e.g. PORT.")
  String incrementVar;

  @Option(names = "--instance-var", description = "Env var holding the instance index (default CORRAL_INSTANCE).")
  String instanceVar;

  @Option(names = "--log-max-size", description = "Rotate a log file past this size (default 10M).")
  String logMaxSize;

  @Option(names = "--log-keep", description = "Rotated files kept per log (default 10).")
  Integer logKeep;

  @Option(names = "--wait-ready", description = "Online only once the app creates the file in $CORRAL_READY_FILE.")
  boolean waitReady;

  @Option(names = "--ready-line", paramLabel = "TEXT",
      description = "Online only once a line of the app's stdout contains TEXT, e.g. \"Started\".")
  String readyLine;

  @Option(names = "--ready-port", description = "Online only once 127.0.0.1:PORT accepts connections.")
  Integer readyPort;

  @Option(names = "--health-url", description = "Online once this URL answers 2xx; then polled: failing restarts.")
  String healthUrl;

  @Option(names = "--health-interval", description = "Time between health checks (default 5s).")
  String healthInterval;

  @Option(names = "--health-failures", description = "Failed checks in a row that restart the app (default 3).")
  Integer healthFailures;

  @Option(names = "--listen-timeout", description = "Longest wait for readiness before 'online' anyway (default 3s).")
  String listenTimeout;

  @Option(names = {"-o", "--output"}, description = "Stdout log file (default: $CORRAL_HOME/logs/NAME-ID-out.log).")
  String outFile;

  @Option(names = {"-e", "--error"}, description = "Stderr log file (default: $CORRAL_HOME/logs/NAME-ID-err.log).")
  String errorFile;

  @Option(names = "--cron-restart", description = "Restart on a cron schedule, e.g. \"0 3 * * *\".")
  String cronRestart;

  @Option(names = "--watch", description = "Restart when files under the working directory change.")
  boolean watch;

  @Option(names = "--ignore-watch", split = ",", description = "Globs not watched (default: .git,*.log).")
  List<String> ignoreWatch;

  @Option(names = "--watch-delay", description = "Quiet time after a change before restarting (default 1s).")
  String watchDelay;

  @Override
  public Integer call() {
    Path dir = (cwd == null ? Path.of("") : cwd).toAbsolutePath().normalize();
    String lower = script.toLowerCase(Locale.ROOT);
    List<AppSpec> specs;
    boolean ecosystem = lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
    if (!ecosystem && !Files.exists(dir.resolve(script)) && name == null) {
      DaemonClient client = DaemonConnection.client();
      ExistingApps existing = new ExistingApps(client);
      if (existing.isTarget(script)) { // pm2: `start NAME` of an app that exists restarts it
        existing.restart(script, updateEnv);
        InstanceTable.print(client.send(new Request.ListInstances()).instances(), spec.commandLine().getOut());
        return PmExit.OK;
      }
    }
    if (ecosystem) {
      specs = EcosystemFile.read(dir.resolve(script), resolver(), System.getenv(), envProfile)
          .select(only).stream().map(this::override).toList();
    } else {
      if (envProfile != null || only != null) {
        throw new IllegalArgumentException("--env and --only apply to ecosystem files (corral.yaml)");
      }
      specs = List.of(fromFlags(dir));
    }
    if (noDaemon) {
      try {
        return new ForegroundRun(CorralHome.fromEnvironment(System.getenv()), spec.commandLine().getOut(),
            spec.commandLine().getErr()).run(specs, apps -> specs.forEach(app -> {
              if (ecosystem) {
                apps.startOrUpdate(app);
              } else {
                apps.start(app, force, updateEnv);
              }
            }));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return PmExit.FAILURE;
      }
    }
    DaemonClient client = DaemonConnection.client();
    ExistingApps existing = new ExistingApps(client);
    for (AppSpec app : specs) {
      if (ecosystem) {
        existing.startOrUpdate(app);
      } else {
        existing.start(app, force, updateEnv);
      }
    }
    ClusterReady.await(client, specs);
    InstanceTable.print(client.send(new Request.ListInstances()).instances(), spec.commandLine().getOut());
    return PmExit.OK;
  }

  private CommandResolver resolver() {
    String java = System.getenv("CORRAL_JAVA");
    return new CommandResolver(java == null || java.isBlank()
        ? ProcessHandle.current().info().command().orElse("java") : java);
  }

  private AppSpec fromFlags(Path dir) {
    List<String> jvm = jvmArgs.isBlank() ? List.of() : Arrays.asList(jvmArgs.trim().split("\\s+"));
    String program = script;
    List<String> programArgs = args;
    if (!Files.exists(dir.resolve(script)) && script.strip().contains(" ")) {
      // pm2 takes a whole command line in one string: split it as a shell would, but run no shell.
      List<String> words = ShellWords.split(script);
      program = words.get(0);
      programArgs = new ArrayList<>(words.subList(1, words.size()));
      programArgs.addAll(args);
    }
    List<String> argv = resolver().resolve(program, programArgs, interpreter, jvm, dir);
    String appName = name != null ? name : defaultName(program);
    AppSpec.Builder b = AppSpec.builder(appName, argv, dir.toString()).env(new HashMap<>(System.getenv()));
    return override(b.build());
  }

  /** Applies the flags given on the command line on top of a spec (from flags or an ecosystem file). */
  private AppSpec override(AppSpec base) {
    AppSpec.Builder b = base.toBuilder();
    if (name != null) {
      b.name(name);
    }
    if (instances != null) {
      b.instances(Quantity.instances("--instances", instances, Runtime.getRuntime().availableProcessors()));
    }
    clusterMode(base, b);
    if (namespace != null) {
      b.namespace(namespace);
    }
    if (maxRestarts != null) {
      b.maxRestarts(maxRestarts);
    }
    if (minUptime != null) {
      b.minUptimeMs(Quantity.millis("--min-uptime", minUptime));
    }
    if (restartDelay != null) {
      b.restartDelayMs(Quantity.millis("--restart-delay", restartDelay));
    }
    if (expBackoff != null) {
      b.expBackoffRestartDelayMs(Quantity.millis("--exp-backoff-restart-delay", expBackoff));
    }
    if (killTimeout != null) {
      b.killTimeoutMs(Quantity.millis("--kill-timeout", killTimeout));
    }
    if (stopSignal != null) {
      b.stopSignal(stopSignal.toUpperCase(Locale.ROOT).replaceFirst("^SIG", ""));
    }
    if (noAutorestart) {
      b.autorestart(false);
    }
    if (stopExitCodes != null) {
      b.stopExitCodes(stopExitCodes);
    }
    if (maxMemory != null) {
      b.maxMemoryBytes(Quantity.bytes("--max-memory-restart", maxMemory));
    }
    if (time) {
      b.logDateFormat(LogDateFormat.PM2_TIME);
    }
    if (logDateFormat != null) {
      LogDateFormat.validate("--log-date-format", logDateFormat);
      b.logDateFormat(logDateFormat);
    }
    if (mergeLogs) {
      b.mergeLogs(true);
    }
    if (incrementVar != null) {
      b.incrementVar(incrementVar);
    }
    if (instanceVar != null) {
      b.instanceVar(instanceVar);
    }
    if (logMaxSize != null) {
      b.logMaxBytes(Quantity.bytes("--log-max-size", logMaxSize));
    }
    if (logKeep != null) {
      b.logKeep(logKeep);
    }
    if (waitReady) {
      b.waitReady(true);
    }
    if (readyLine != null) {
      b.readyLine(readyLine);
    }
    if (readyPort != null) {
      b.readyPort(readyPort);
    }
    if (healthUrl != null) {
      b.healthUrl(healthUrl);
    }
    if (healthInterval != null) {
      b.healthIntervalMs(Quantity.millis("--health-interval", healthInterval));
    }
    if (healthFailures != null) {
      b.healthFailures(healthFailures);
    }
    if (watch) {
      b.watch(List.of("."));
    }
    if (cronRestart != null) {
      b.cronRestart(cronRestart);
    }
    if (outFile != null) {
      b.outFile(outFile);
    }
    if (errorFile != null) {
      b.errorFile(errorFile);
    }
    if (ignoreWatch != null) {
      b.ignoreWatch(ignoreWatch);
    }
    if (watchDelay != null) {
      b.watchDelayMs(Quantity.millis("--watch-delay", watchDelay));
    }
    if (listenTimeout != null) {
      b.listenTimeoutMs(Quantity.millis("--listen-timeout", listenTimeout));
    }
    return b.build();
  }

  /**
   * Cluster mode from the flags: {@code --port P}; or {@code -i N} when the app's environment names its port in
   * {@code PORT} (a web app run with several instances cannot share it otherwise). {@code --lb} chooses the
   * gate's balancing.
   */
  private void clusterMode(AppSpec base, AppSpec.Builder b) {
    Integer shared = port;
    if (shared == null && instances != null && !base.cluster() && base.incrementVar().isEmpty()
        && base.env().containsKey("PORT")) {
      try {
        shared = Integer.parseInt(base.env().get("PORT").trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("PORT=" + base.env().get("PORT") + " (expected: a port number, or give"
            + " --port)", e);
      }
    }
    if (shared != null) {
      if (shared < 1 || shared > 65535) {
        throw new IllegalArgumentException("--port: " + shared + " (expected: 1..65535)");
      }
      b.execMode("cluster").port(shared);
      if (!base.cluster() && listenTimeout == null) {
        b.listenTimeoutMs(0); // cluster mode's own default
      }
    }
    if (lb != null) {
      b.lb(lb);
    }
  }

  /** pm2's default name: the file name without its extension. */
  static String defaultName(String script) {
    String file = Path.of(script).getFileName().toString();
    int dot = file.lastIndexOf('.');
    String base = dot > 0 ? file.substring(0, dot) : file;
    String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "-");
    return cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0)) ? "app" + cleaned : cleaned;
  }

}
