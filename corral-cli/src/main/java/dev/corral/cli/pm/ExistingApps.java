package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.WireJson;
import dev.corral.pm.process.AppSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final List<Map<String, Object>> views;

  ExistingApps(DaemonClient client) {
    this.client = client;
    this.views = WireJson.objects(client.call("list", Map.of()));
  }

  /** Whether {@code target} is an id, app name or namespace of the running list. */
  boolean isTarget(String target) {
    return views.stream().anyMatch(v -> WireJson.str(v, "id").equals(target)
        || WireJson.str(v, "name").equals(target) || WireJson.str(v, "namespace").equals(target));
  }

  /** Restarts a target (pm2's {@code start NAME}). */
  void restart(String target, boolean updateEnv) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("target", target);
    if (updateEnv) {
      args.put("env", System.getenv());
    }
    client.call("restart", args);
  }

  /** Starts an app from an ecosystem file, or gives an existing one the file's settings and restarts it. */
  void startOrUpdate(AppSpec spec) {
    client.call(instancesOf(spec.name()).isEmpty() ? "start" : "update", Map.of("spec", spec));
  }

  /**
   * Starts an app given by flags.
   *
   * @param force pm2's {@code -f}: an app that runs gets more instances instead of a refusal
   * @param updateEnv a stopped app gets this shell's environment instead of keeping its own
   * @throws PmException when the app runs and {@code force} is off
   */
  void start(AppSpec spec, boolean force, boolean updateEnv) {
    List<Map<String, Object>> mine = instancesOf(spec.name());
    if (mine.isEmpty()) {
      client.call("start", Map.of("spec", spec));
    } else if (mine.stream().allMatch(v -> NOT_RUNNING.contains(WireJson.str(v, "status")))) {
      AppSpec updated = updateEnv ? spec : spec.toBuilder().env(env(mine.get(0))).build();
      client.call("update", Map.of("spec", updated));
    } else if (force) {
      client.call("scale", Map.of("name", spec.name(), "count", spec.instances(), "relative", true));
    } else {
      throw new PmException("app '" + spec.name() + "' is already launched; add -f to start more instances of it,"
          + " or use 'corral restart " + spec.name() + "'");
    }
  }

  private List<Map<String, Object>> instancesOf(String name) {
    return views.stream().filter(v -> WireJson.str(v, "name").equals(name)).toList();
  }

  private static Map<String, String> env(Map<String, Object> view) {
    Map<String, String> env = new HashMap<>();
    WireJson.obj(WireJson.obj(view, "spec"), "env").forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }
}
