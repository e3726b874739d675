package dev.corral.pm.daemon;

import dev.corral.pm.PmException;
import dev.corral.pm.cluster.GateFronts;
import dev.corral.pm.cluster.GateReports;
import dev.corral.pm.daemon.protocol.ProtocolCodec;
import dev.corral.pm.process.ChildLauncher;
import dev.corral.pm.process.RestartPolicy;
import dev.corral.pm.process.Supervisor;
import dev.corral.pm.process.SupervisorContext;
import dev.corral.pm.process.SupervisorState;
import dev.corral.pm.state.AtomicJsonFile;
import dev.corral.pm.state.Dump;
import dev.corral.pm.web.DashboardHost;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The per-user daemon: holds {@code daemon.lock} (so two CLIs racing to start one end up with a single daemon),
 * supervises the apps and serves the socket until {@code corral kill}, or SIGTERM, which stops every app first.
 * A {@code kill -9} leaves the apps running (they are in their own sessions and hold their own log pipes).
 *
 * <p>Its stdout/stderr are {@code daemon.log}; {@link #log} writes one timestamped line there.
 */
public final class Daemon {
  /** How often CPU and memory are sampled (max_memory_restart reacts within this). */
  public static final long SAMPLE_PERIOD_MS = 1000;

  private final CorralHome home;

  public Daemon(CorralHome home) {
    this.home = home;
  }

  /**
   * Runs the daemon until it is told to stop.
   *
   * @return the exit code: 0 after a clean stop, 1 if another daemon already runs or the socket cannot be bound
   */
  public int run() {
    home.prepare();
    try (FileChannel lockChannel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      FileLock lock = lockChannel.tryLock();
      if (lock == null) {
        log("another daemon already holds " + home.lockFile() + "; exiting");
        return 1;
      }
      return runLocked();
    } catch (IOException e) {
      log("cannot lock " + home.lockFile() + ": " + e.getMessage());
      return 1;
    }
  }

  private int runLocked() throws IOException {
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "corral-supervisor");
      t.setDaemon(true);
      return t;
    });
    AtomicJsonFile<SupervisorState> stateFile = new AtomicJsonFile<>(home.state(), SupervisorState.class,
        FileJson.JSON);
    StateWriter stateWriter = new StateWriter(loop, stateFile, Daemon::log);
    Supervisor supervisor = new Supervisor(new SupervisorContext(loop, Clock.systemDefaultZone(),
        new ChildLauncher(ChildLauncher.setsidAvailable()), new RestartPolicy(), home.logs(), home.pipes(),
        event -> log(event.line()), stateWriter::requestSave, Executors.newVirtualThreadPerTaskExecutor()),
        new GateFronts(home.cluster(),
            GateFronts.sameJvm(System.getProperty("corral.gate.main", GateFronts.DEFAULT_MAIN)), Daemon::log));
    stateWriter.source(supervisor::snapshot);
    restore(supervisor, stateFile);
    // The web dashboard runs on threads of its own, started by the first 'corral dashboard'.
    DashboardHost dashboard = new DashboardHost(supervisor, new GateReports(home.cluster()),
        Clock.systemDefaultZone(), Daemon::log);
    RequestHandler handler = new RequestHandler(supervisor, new AtomicJsonFile<>(home.dump(), Dump.class,
        FileJson.JSON), dashboard, Daemon::log);
    DaemonServer server = new DaemonServer(home, handler, Daemon::log);
    try {
      server.bind();
    } catch (PmException e) {
      log(e.getMessage());
      return 1;
    }
    Files.writeString(home.pidFile(), ProcessHandle.current().pid() + "\n");
    Thread hook = new Thread(() -> {
      log("SIGTERM: stopping every app");
      server.close();
      dashboard.close();
      try {
        supervisor.stopAll().get(5, TimeUnit.MINUTES);
        loop.submit(stateWriter::discard).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log("stopping the apps failed: " + e);
      }
    }, "corral-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    supervisor.startSampling(SAMPLE_PERIOD_MS);
    log("daemon " + ProcessHandle.current().pid() + " listening on " + home.socket() + " (protocol "
        + ProtocolCodec.VERSION + ")");
    server.serve();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return 0; // the JVM is exiting (SIGTERM): the hook stops the apps and discards the state
    }
    try {
      loop.submit(stateWriter::discard).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log("cannot discard the state: " + e);
    }
    dashboard.close();
    Files.deleteIfExists(home.socket());
    Files.deleteIfExists(home.pidFile());
    log("daemon stopped");
    loop.shutdownNow();
    return 0;
  }

  /** Takes over what a daemon killed before us left running (its state file), if anything. */
  private static void restore(Supervisor supervisor, AtomicJsonFile<SupervisorState> stateFile) {
    SupervisorState state = new SupervisorState(SupervisorState.FORMAT, java.util.List.of(), java.util.List.of());
    try {
      state = stateFile.read().orElse(state);
    } catch (PmException e) {
      log(e.getMessage() + "; starting empty");
    }
    if (!state.instances().isEmpty()) {
      log("state of a previous daemon found: taking over " + state.instances().size() + " instance(s)");
    }
    try {
      supervisor.restore(state).get(5, TimeUnit.MINUTES); // with no state, this only clears leftover pipes
    } catch (Exception e) {
      log("taking over failed: " + e);
    }
  }

  /** One timestamped line on the daemon's stderr ({@code daemon.log}). */
  static void log(String message) {
    System.err.println(Instant.now() + " " + message);
  }
}
