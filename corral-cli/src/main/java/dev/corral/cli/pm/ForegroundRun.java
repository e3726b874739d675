package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.CorralHome;
import dev.corral.pm.daemon.Daemon;
import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.DaemonLauncher;
import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.logs.LogFollower;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.InstanceView;
import dev.corral.pm.reaper.OrphanReaper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code corral start --no-daemon …}: pm2-runtime's job, for containers. The daemon runs inside this process
 * (so {@code corral list} and {@code corral reload} from {@code docker exec} reach it as usual), the apps are
 * started in it, their output is printed on this process's stdout (stderr lines on stderr), each line prefixed
 * with {@code NAME#ID | }, and the process ends when the apps are gone: 0 if every instance stopped cleanly, 1 if
 * one is errored. SIGTERM or SIGINT (docker stop, Kubernetes) stops every app with its own stop signal and
 * kill_timeout — a cluster-mode app's gate included — then exits.
 *
 * <p>Zombies: this process becomes a child subreaper (as PID 1 it is one anyway), so the apps' orphaned
 * descendants are re-parented to it; every poll it reaps those that have exited ({@link OrphanReaper}), leaving
 * the apps' own processes to the JDK so their exit codes are read as before.
 */
final class ForegroundRun {
  private static final long POLL_MS = 200;
  private static final long DAEMON_WAIT_MS = 30_000;

  private final CorralHome home;
  private final PrintWriter out;
  private final PrintWriter err;

  ForegroundRun(CorralHome home, PrintWriter out, PrintWriter err) {
    this.home = home;
    this.out = out;
    this.err = err;
  }

  /** Starts the in-process daemon and the apps ({@code start} or, for an ecosystem file, start-or-update). */
  int run(List<AppSpec> specs, Consumer<ExistingApps> starter) throws InterruptedException {
    OrphanReaper reaper = OrphanReaper.install(); // before any app starts, so every orphan comes to us
    int[] daemonExit = {-1};
    Thread daemon = new Thread(() -> daemonExit[0] = new Daemon(home).run(), "corral-daemon");
    daemon.setDaemon(true);
    daemon.start();
    // A client that never spawns a background daemon: this process is the daemon.
    DaemonClient client = new DaemonClient(home, DaemonLauncher.sameJvm("-"));
    long until = System.currentTimeMillis() + DAEMON_WAIT_MS;
    while (client.sendIfRunning(new Request.Ping()).isEmpty()) {
      if (daemonExit[0] >= 0 || System.currentTimeMillis() > until) {
        throw new PmException("--no-daemon: the supervisor did not start (another daemon may own " + home.dir()
            + "; see " + home.daemonLog() + ")");
      }
      Thread.sleep(50);
    }
    Set<Path> existing = logFiles();
    starter.accept(new ExistingApps(client));
    Map<Path, LogFollower> followers = new LinkedHashMap<>();
    Map<Path, String> prefixes = new LinkedHashMap<>();
    Set<Path> errLogs = new HashSet<>();
    while (true) {
      Optional<Reply.Instances> listed;
      try {
        listed = client.sendIfRunning(new Request.ListInstances());
      } catch (PmException e) {
        listed = Optional.empty(); // shutting down
      }
      if (listed.isEmpty()) {
        break;
      }
      List<InstanceView> views = listed.get().instances();
      for (InstanceView v : views) {
        String prefix = v.name() + "#" + v.id() + " | ";
        for (String file : List.of(v.outLog(), v.errLog())) {
          Path log = Path.of(file);
          if (!followers.containsKey(log)) {
            followers.put(log, new LogFollower(log, existing.contains(log)));
            prefixes.put(log, prefix);
            if (file.equals(v.errLog())) {
              errLogs.add(log);
            }
          }
        }
      }
      print(followers, prefixes, errLogs);
      reaper.reap();
      boolean alive = views.stream().anyMatch(v -> !Set.of("stopped", "errored").contains(v.status()));
      if (!alive) {
        boolean errored = views.stream().anyMatch(v -> v.status().equals("errored"));
        client.sendIfRunning(new Request.Kill());
        daemon.join(30_000);
        print(followers, prefixes, errLogs); // what the pumps wrote while the last instance stopped
        followers.values().forEach(LogFollower::close);
        err.println("corral: every app has stopped" + (errored ? " (some errored)" : "") + "; exiting");
        err.flush();
        return errored ? 1 : 0;
      }
      Thread.sleep(POLL_MS);
    }
    daemon.join(30_000);
    return 0;
  }

  private void print(Map<Path, LogFollower> followers, Map<Path, String> prefixes, Set<Path> errLogs) {
    followers.forEach((log, f) -> {
      PrintWriter sink = errLogs.contains(log) ? err : out;
      f.poll(line -> sink.println(prefixes.get(log) + line));
    });
    out.flush();
    err.flush();
  }

  private Set<Path> logFiles() {
    Set<Path> files = new HashSet<>();
    if (Files.isDirectory(home.logs())) {
      try (Stream<Path> list = Files.list(home.logs())) {
        list.forEach(files::add);
      } catch (IOException e) {
        // none known: every log is followed from its start
      }
    }
    return files;
  }
}
