package dev.corral.gate;

import dev.corral.gate.admin.AdminServer;
import dev.corral.gate.metrics.GateMetrics;
import dev.corral.gate.config.AdminListen;
import dev.corral.gate.config.ConfigException;
import dev.corral.gate.config.GateConfig;
import dev.corral.gate.config.GateConfigLoader;
import dev.corral.gate.config.MainConfig;
import dev.corral.gate.log.AccessLogWriter;
import dev.corral.gate.log.ErrorLog;
import dev.corral.gate.log.SystemErrors;
import dev.corral.gate.proxy.GateEngine;
import dev.corral.gate.proxy.GateStartException;
import dev.corral.gate.proxy.Transport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code corral gate} process: the engine, its logs and its pid file, with nginx's lifecycle.
 * {@link #reload()} re-reads the configuration and keeps the old one serving if the new one is invalid;
 * {@link #quit(Duration)} drains; {@link #stop()} exits at once; {@link #reopenLogs()} is for logrotate.
 *
 * <p>Thread-safety: the lifecycle methods are serialized by the object's lock and may be called from signal
 * handler threads.
 */
public final class GateServer {
  /** How long {@code quit} waits for in-flight requests (nginx's worker_shutdown_timeout has no default). */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private final GateOptions options;
  private final GateConfigLoader loader;
  private final ErrorLog errorLog;
  private final AccessLogWriter accessLog;
  private final GateEngine engine;
  private final Path pidFile;
  /** The main context the event loops were built from ({@code worker_processes}, {@code use}). */
  private final MainConfig startedWith;
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** The runtime API ({@code admin_listen}); without the directive it has no listener and no thread. */
  private final AdminServer admin;
  /** What the admin listener's {@code /metrics} shows; fed by the engine's request observer. */
  private final GateMetrics metrics;
  /** The listeners {@link #admin} has now, to restore them if a reload fails after changing them. */
  private List<AdminListen> adminListens;
  private boolean running = true;
  /** The configuration's {@code worker_shutdown_timeout}, if it has one; replaced by each reload. */
  private java.util.Optional<Duration> shutdownTimeout;

  private GateServer(GateOptions options, GateConfigLoader loader, ErrorLog errorLog, AccessLogWriter accessLog,
      GateEngine engine, Path pidFile, MainConfig startedWith, AdminServer admin, GateMetrics metrics,
      List<AdminListen> adminListens) {
    this.admin = admin;
    this.metrics = metrics;
    this.adminListens = adminListens;
    this.options = options;
    this.loader = loader;
    this.errorLog = errorLog;
    this.accessLog = accessLog;
    this.engine = engine;
    this.pidFile = pidFile;
    this.startedWith = startedWith;
    this.shutdownTimeout = startedWith.workerShutdownTimeout();
  }

  /**
   * Loads the configuration, starts serving and writes the pid file. Runs in this process whatever
   * {@code daemon} says: detaching is {@link GateDaemon}'s job, before this is called in the detached process.
   *
   * @throws ConfigException if the configuration is invalid
   * @throws GateStartException if a listener cannot be bound or the pid file cannot be written
   */
  public static GateServer start(GateOptions options, PrintStream stderr) {
    return start(options, stderr, server -> { });
  }

  /**
   * {@link #start(GateOptions, PrintStream)}, running {@code beforePidFile} (the signal handlers' installation) once
   * the gate serves and before the pid file names it, as nginx installs its handlers first: whoever signals the
   * pid it reads there finds the handlers in place.
   */
  public static GateServer start(GateOptions options, PrintStream stderr,
      java.util.function.Consumer<GateServer> beforePidFile) {
    GateConfigLoader loader = new GateConfigLoader(options.prefix());
    GateConfig config = loader.load(options.resolvedConfig(), options.globalDirectives());
    ErrorLog errorLog = openErrorLog(options, config, stderr);
    config.main().user().ifPresent(user -> checkUser(user, currentUser(), errorLog));
    AccessLogWriter accessLog = new AccessLogWriter(errorLog);
    accessLog.configure(config.accessLogs());
    errorLog.openContexts(config.contextErrorLogs());
    GateEngine engine = GateEngine.start(config, Transport.forMethod(config.main().eventMethod()), errorLog,
        accessLog);
    GateMetrics metrics = GateMetrics.create(engine::connectionStats, engine::liveUpstreams);
    metrics.configure(config);
    engine.observe(metrics.observer());
    engine.observeHealthChecks(metrics.healthChecks());
    AdminServer admin;
    try {
      admin = AdminServer.start(config.adminListens(), engine, metrics, errorLog, adminTimer());
    } catch (GateStartException e) {
      engine.close();
      throw e;
    }
    Path pid = config.main().pidFile();
    GateServer server = new GateServer(options, loader, errorLog, accessLog, engine, pid, config.main(), admin,
        metrics, config.adminListens());
    try {
      beforePidFile.accept(server);
    } catch (RuntimeException e) {
      admin.close();
      engine.close();
      throw e;
    }
    try {
      Path parent = pid.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(pid, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      admin.close();
      engine.close();
      throw new GateStartException("open() \"" + pid + "\" failed (" + SystemErrors.describe(e) + ")", e);
    }
    checkFileLimit(config.main().workerRlimitNofile(), errorLog);
    errorLog.notice("corral gate started (" + engine.transportName() + "), listening on "
        + engine.boundAddresses().keySet());
    if (!config.adminListens().isEmpty()) {
      errorLog.notice("runtime API listening on " + admin.addresses());
    }
    return server;
  }

  /** The runtime API's request timer: one daemon thread, started on first use and gone when idle. */
  private static ScheduledExecutorService adminTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "corral-gate-admin-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setKeepAliveTime(30, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private static ErrorLog openErrorLog(GateOptions options, GateConfig config, PrintStream stderr) {
    String level = config.main().errorLogLevel();
    Path file = errorLogFile(options, config);
    return isStderr(file) ? ErrorLog.toStream(stderr, level) : ErrorLog.toFile(file, level, stderr);
  }

  /** The config's {@code error_log}, else {@code -e}, else {@code logs/error.log} under the prefix (nginx's order). */
  private static Path errorLogFile(GateOptions options, GateConfig config) {
    Path prefix = options.prefix().toAbsolutePath();
    return config.main().errorLog()
        .or(() -> options.errorLog().map(prefix::resolve))
        .orElse(prefix.resolve("logs/error.log"));
  }

  private static boolean isStderr(Path file) {
    return file.getFileName() != null && file.getFileName().toString().equals("stderr");
  }

  /**
   * {@code user NAME}: nginx's master switches its workers to NAME when it runs as root, and ignores the directive
   * with a warning otherwise. One JVM cannot drop privileges, so the gate never switches: it runs as NAME already
   * (nothing to do), or as another user who is not root (nginx's warning, the directive has no effect there either),
   * or it refuses to start as root rather than serve as root when the configuration asks for less.
   *
   * @throws GateStartException when running as root and NAME is another user
   */
  static void checkUser(String wanted, String current, ErrorLog errorLog) {
    if (wanted.equals(current)) {
      return;
    }
    if (!current.equals("root")) {
      errorLog.warn("the \"user\" directive makes sense only if the master process runs with super-user "
          + "privileges, ignored");
      return;
    }
    throw new GateStartException("\"user " + wanted + "\": corral gate cannot switch from root to another user; "
        + "start it as " + wanted + " (e.g. systemd User=" + wanted + ") or remove the directive", null);
  }

  private static String currentUser() {
    return ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
  }

  /**
   * {@code worker_rlimit_nofile}: the JVM already raises its descriptor limit to the hard limit at start, so the
   * directive is checked rather than applied; a lower limit than requested is logged as a warning.
   */
  private static void checkFileLimit(long wanted, ErrorLog errorLog) {
    if (wanted > 0 && java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix
        && unix.getMaxFileDescriptorCount() < wanted) {
      errorLog.warn("worker_rlimit_nofile " + wanted + " is above the process limit of "
          + unix.getMaxFileDescriptorCount() + " open files (raise it with ulimit -n or LimitNOFILE=)");
    }
  }

  /** The engine, for tests and for run-time upstream changes. */
  public GateEngine engine() {
    return engine;
  }

  /** Where the runtime API listens ({@code unix:PATH}, {@code host:port}); empty without {@code admin_listen}. */
  public List<String> adminAddresses() {
    return admin.addresses();
  }

  /** Writes a notice line to the gate's error log (for the signal handlers). */
  public void notice(String message) {
    errorLog.notice(message);
  }

  /** Writes a warning line to the gate's error log (for the signal handlers). */
  public void warn(String message) {
    errorLog.warn(message);
  }

  /** The pid file written at start. */
  public Path pidFile() {
    return pidFile;
  }

  /**
   * Re-reads and validates the configuration, then switches to it. If it is invalid (or a new listener cannot be
   * bound) the reason is logged and the old configuration keeps serving.
   *
   * @return whether the new configuration is now in effect
   */
  public synchronized boolean reload() {
    if (!running) {
      return false;
    }
    errorLog.notice("reconfiguring");
    try {
      GateConfig config = loader.load(options.resolvedConfig(), options.globalDirectives());
      admin.reconfigure(config.adminListens());
      try {
        engine.reload(config);
      } catch (GateStartException e) {
        admin.reconfigure(adminListens);
        throw e;
      }
      adminListens = config.adminListens();
      shutdownTimeout = config.main().workerShutdownTimeout();
      metrics.configure(config);
      warnIfRestartNeeded(config);
      accessLog.configure(config.accessLogs());
      errorLog.openContexts(config.contextErrorLogs());
      Path newErrorLog = errorLogFile(options, config);
      if (!isStderr(newErrorLog)) {
        errorLog.retarget(newErrorLog, config.main().errorLogLevel());
      }
      errorLog.notice("reconfigured from " + options.resolvedConfig());
      return true;
    } catch (ConfigException | GateStartException e) {
      errorLog.log("emerg", e.getMessage());
      errorLog.error("reload failed; the previous configuration keeps serving");
      return false;
    }
  }

  /**
   * {@code worker_processes} and {@code use} shape the event loops, which live as long as the process (nginx starts
   * new worker processes on reload; the gate keeps its loops): a change is reported, not silently dropped.
   */
  private void warnIfRestartNeeded(GateConfig config) {
    if (config.main().workerProcesses() != startedWith.workerProcesses()
        || !config.main().eventMethod().equals(startedWith.eventMethod())) {
      errorLog.warn("a changed \"worker_processes\" or \"use\" takes effect when the gate restarts; it keeps "
          + engine.transportName() + " with its current event loops");
    }
  }

  /** Reopens the log files. */
  public synchronized void reopenLogs() {
    engine.reopenLogs();
    errorLog.notice("reopening logs");
  }

  /**
   * Graceful shutdown: stop accepting, finish in-flight requests and stream sessions within the configuration's
   * {@code worker_shutdown_timeout}, else {@code timeout}, then exit.
   */
  public synchronized void quit(Duration timeout) {
    if (!running) {
      return;
    }
    errorLog.notice("gracefully shutting down");
    admin.close(); // the process manager learns at once that this gate takes no more changes
    engine.shutdownGracefully(shutdownTimeout.orElse(timeout));
    finish();
  }

  /** Fast shutdown: close everything now. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    errorLog.notice("exiting");
    engine.close();
    finish();
  }

  private void finish() {
    running = false;
    admin.close();
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      errorLog.warn("could not remove pid file " + pidFile + ": " + e.getMessage());
    }
    accessLog.close();
    errorLog.close();
    stopped.countDown();
  }

  /** Blocks until the gate has stopped. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }
}
