package dev.corral.pm.process;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Keeps each cluster-mode app's gate pool in step with its instances, through the app's {@link ClusterFront}: an
 * instance joins when it moves to online (ready), leaves when it moves out of online (stopped or crashed), is
 * drained before a planned stop ({@link #retire}); a gate that comes online gets the whole pool
 * ({@link #reconcile}). The app's readiness is the one owner of health: what makes an instance online is what
 * puts it in the pool.
 *
 * <p>Thread-safety: confined to the supervisor loop.
 */
final class GatePools {
  private final SupervisorContext ctx;
  private final ClusterFronts fronts;
  private final Function<String, AppSpec> apps;
  private final Function<String, Collection<Instance>> members;

  /**
   * @param apps the current spec of an app by name, null once it is gone
   * @param members every instance object of an app that may serve it now (a reload's replacements included)
   */
  GatePools(SupervisorContext ctx, ClusterFronts fronts, Function<String, AppSpec> apps,
      Function<String, Collection<Instance>> members) {
    this.ctx = ctx;
    this.fronts = fronts;
    this.apps = apps;
    this.members = members;
  }

  /** Follows one lifecycle move (an {@link Instance.Moves} callback). */
  void moved(Instance instance, ProcessState from, ProcessState to) {
    AppSpec app = apps.apply(instance.spec().name());
    if (app == null || !app.cluster()) {
      return;
    }
    if (instance.spec().gate()) {
      if (to == ProcessState.ONLINE) {
        reconcile(app);
      }
      return;
    }
    Optional<String> address = instance.address();
    if (address.isEmpty()) {
      return;
    }
    if (to == ProcessState.ONLINE) {
      fronts.front(app).join(address.get());
    } else if (from == ProcessState.ONLINE) {
      fronts.front(app).leave(address.get());
    }
  }

  /** Makes the app's gate pool exactly its online instances (its gate came online, or was adopted). */
  void reconcile(AppSpec app) {
    Set<String> addresses = new TreeSet<>();
    members.apply(app.name()).stream().filter(i -> i.state() == ProcessState.ONLINE)
        .forEach(i -> i.address().ifPresent(addresses::add));
    fronts.front(app).reconcile(addresses);
  }

  /**
   * Takes an instance out of service: a ready cluster-mode instance is drained first (no new requests; its
   * in-flight ones finish, for at most kill_timeout), then stopped.
   */
  CompletableFuture<Void> retire(Instance instance) {
    Optional<String> address = instance.address();
    AppSpec app = apps.apply(instance.spec().name());
    CompletableFuture<Void> drained = address.isPresent() && instance.state() == ProcessState.ONLINE && app != null
        ? fronts.front(app).drain(address.get(), Duration.ofMillis(instance.spec().killTimeoutMs()))
        : CompletableFuture.completedFuture(null);
    return drained.thenComposeAsync(v -> instance.stop(), ctx.loop());
  }
}
