package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.InstanceView;
import java.util.List;
import java.util.Set;

/**
 * What {@code corral start} does when the app it names already exists, following pm2:
 *
 * <ul>
 *   <li>{@code corral start NAME|ID|NAMESPACE} (not a file): restarts those apps, like pm2's start of a name.
 *   <li>an app of that name whose instances are all stopped or errored: it takes the new settings and starts
 *       again (pm2: "Process successfully started"); its environment is the one it had unless
 *       {@code --update-env}.
 *   <li>an app of that name that runs: refused ("already launched") unless {@code -f}; with {@code -f} its
 *       instance count grows by the requested instances (pm2 starts a second copy under the same name; corral
 *       keeps one set of settings per name, so the copies are more instances of the app).
 *   <li>an ecosystem file: apps that exist take the file's settings and environment and restart; the others start.
 * </ul>
 *
 * Holds the process list read once at the start of the command. Not thread-safe (one command, one thread).
 */
final class ExistingApps {
  private static final Set<String> NOT_RUNNING = Set.of("stopped", "errored");

  private final DaemonClient client;
  private final List<InstanceView> views;

  ExistingApps(DaemonClient client) {
    this.client = client;
    this.views = client.send(new Request.ListInstances()).instances();
  }

  /** Whether {@code target} is an id, app name or namespace of the running list. */
  boolean isTarget(String target) {
    return views.stream().anyMatch(v -> v.answersTo(target));
  }

  /** Restarts a target (pm2's {@code start NAME}). */
  void restart(String target, boolean updateEnv) {
    client.send(updateEnv ? new Request.RestartWithEnv(target, System.getenv()) : new Request.Restart(target));
  }

  /** Starts an app from an ecosystem file, or gives an existing one the file's settings and restarts it. */
  void startOrUpdate(AppSpec spec) {
    client.send(instancesOf(spec.name()).isEmpty() ? new Request.Start(spec) : new Request.Update(spec));
  }

  /**
   * Starts an app given by flags.
   *
   * @param force pm2's {@code -f}: an app that runs gets more instances instead of a refusal
   * @param updateEnv a stopped app gets this shell's environment instead of keeping its own
   * @throws PmException when the app runs and {@code force} is off
   */
  void start(AppSpec spec, boolean force, boolean updateEnv) {
    List<InstanceView> mine = instancesOf(spec.name());
    if (mine.isEmpty()) {
      client.send(new Request.Start(spec));
    } else if (mine.stream().allMatch(v -> NOT_RUNNING.contains(v.status()))) {
      AppSpec updated = updateEnv ? spec : spec.toBuilder().env(mine.get(0).spec().env()).build();
      client.send(new Request.Update(updated));
    } else if (force) {
      client.send(Request.Scale.by(spec.name(), spec.instances()));
    } else {
      throw new PmException("app '" + spec.name() + "' is already launched; add -f to start more instances of it,"
          + " or use 'corral restart " + spec.name() + "'");
    }
  }

  private List<InstanceView> instancesOf(String name) {
    return views.stream().filter(v -> v.name().equals(name)).toList();
  }
}
