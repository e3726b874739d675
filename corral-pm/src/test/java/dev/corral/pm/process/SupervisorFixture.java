package dev.corral.pm.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A real supervisor on temporary folders; {@link #close()} stops every instance and kills any survivor. */
final class SupervisorFixture implements AutoCloseable {
  final Path logs;
  final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  /** Every event, as the daemon's log lines. */
  final List<String> events = new CopyOnWriteArrayList<>();
  /** Every event, typed. */
  final List<SupervisorEvent> typedEvents = new CopyOnWriteArrayList<>();
  final Supervisor supervisor;

  SupervisorFixture(Path dir) throws Exception {
    this(dir, Clock.systemUTC());
  }

  SupervisorFixture(Path dir, Clock clock) throws Exception {
    logs = Files.createDirectories(dir.resolve("logs"));
    Path pipes = Files.createDirectories(dir.resolve("pipes"));
    supervisor = new Supervisor(new SupervisorContext(loop, clock,
        new ChildLauncher(ChildLauncher.setsidAvailable()), new RestartPolicy(), logs, pipes, e -> {
          typedEvents.add(e);
          events.add(e.line());
        }, () -> {},
        Executors.newVirtualThreadPerTaskExecutor()));
  }

  AppSpec.Builder app(String name, List<String> command) {
    return AppSpec.builder(name, command, System.getProperty("java.io.tmpdir"));
  }

  InstanceView only() throws Exception {
    List<InstanceView> all = supervisor.list().get(10, TimeUnit.SECONDS);
    if (all.size() != 1) {
      throw new AssertionError("expected one instance, got " + all);
    }
    return all.get(0);
  }

  String status() throws Exception {
    return only().status();
  }

  @Override
  public void close() throws Exception {
    try {
      List<InstanceView> all = supervisor.list().get(10, TimeUnit.SECONDS);
      supervisor.stopAll().get(30, TimeUnit.SECONDS);
      all.forEach(v -> ProcessHandle.of(v.pid()).ifPresent(ProcessHandle::destroyForcibly));
    } finally {
      loop.shutdownNow();
    }
  }
}
