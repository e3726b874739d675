package dev.corral.pm.web;

import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.ChildLauncher;
import dev.corral.pm.process.InstanceView;
import dev.corral.pm.process.RestartPolicy;
import dev.corral.pm.process.Supervisor;
import dev.corral.pm.process.SupervisorContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real supervisor (real child processes) on temporary folders with a real dashboard on a free loopback port;
 * {@link #close()} stops the dashboard and every instance, and kills any survivor.
 */
final class WebFixture implements AutoCloseable {
  final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  final List<String> log = new CopyOnWriteArrayList<>();
  final Supervisor supervisor;
  final DashboardServer dashboard;
  private final Path dir;

  WebFixture(Path dir) throws Exception {
    this(dir, new DashboardSettings("127.0.0.1", 0, Optional.empty()));
  }

  WebFixture(Path dir, DashboardSettings settings) throws Exception {
    this.dir = dir;
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path pipes = Files.createDirectories(dir.resolve("pipes"));
    supervisor = new Supervisor(new SupervisorContext(loop, Clock.systemUTC(),
        new ChildLauncher(ChildLauncher.setsidAvailable()), new RestartPolicy(), logs, pipes,
        e -> log.add(e.line()), () -> {}, Executors.newVirtualThreadPerTaskExecutor()));
    supervisor.startSampling(500);
    dashboard = DashboardServer.start(settings, supervisor, GateReader.none(), Clock.systemUTC(), log::add);
  }

  int port() {
    return dashboard.port();
  }

  /** An app running {@code sh -c script} in the fixture's folder. */
  AppSpec.Builder shell(String name, String script) {
    return AppSpec.builder(name, List.of("sh", "-c", script), dir.toString());
  }

  List<InstanceView> start(AppSpec spec) throws Exception {
    return supervisor.start(spec).get(30, TimeUnit.SECONDS);
  }

  List<InstanceView> list() throws Exception {
    return supervisor.list().get(10, TimeUnit.SECONDS);
  }

  InstanceView instance(String app) throws Exception {
    return list().stream().filter(v -> v.name().equals(app)).findFirst()
        .orElseThrow(() -> new AssertionError("no instance of " + app));
  }

  @Override
  public void close() throws Exception {
    try {
      dashboard.close();
      List<InstanceView> all = list();
      supervisor.stopAll().get(30, TimeUnit.SECONDS);
      all.forEach(v -> ProcessHandle.of(v.pid()).ifPresent(ProcessHandle::destroyForcibly));
    } finally {
      loop.shutdownNow();
    }
  }
}
