package dev.corral.pm.process;

import dev.corral.pm.PmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The set of supervised apps and their instances, and the operations the CLI asks for: start, stop, restart,
 * delete, scale, reset, flush, list. Targets are pm2's: an id, an app name, a namespace, or {@code all}.
 *
 * <p>Thread-safety: every public method may be called from any thread; the work runs on the single loop thread
 * of the {@link SupervisorContext}, which owns all state, and the returned future completes when the operation is
 * done (a stop completes once the whole process tree is gone). A failure (unknown target, duplicate name)
 * completes the future exceptionally with a {@link PmException}.
 *
 * <p>Cluster mode: a cluster-mode app's instances each serve their own loopback port, and a gate process (an
 * instance of the app with {@code exec_mode gate}, supervised like the others) serves the app's port in front of
 * them. The supervisor tells the app's {@link ClusterFront} when an instance is ready (it joins the gate's pool),
 * when it stops or crashes (it leaves), and drains an instance before a planned stop ({@link #reload},
 * {@link #scale} down), so that no request reaches a process that is going away. The daemon itself is never on
 * the data path.
 *
 * <p>Size: this is the facade of every operation the CLI asks for, each a few lines over the loop-confined maps;
 * the mechanisms are elsewhere: an instance's lifecycle in {@link Instance}, watch and cron in
 * {@link RestartTriggers}, gate pools in {@link GatePools}, a reload's replacements in {@link Replacements}.
 */
public final class Supervisor {
  private final SupervisorContext ctx;
  private final ClusterFronts fronts;
  private final LogFiles logFiles = new LogFiles();
  // Loop-confined: a reload's replacements while they start beside the instance they replace, by id.
  private final Map<Integer, Instance> incoming = new java.util.HashMap<>();
  // Loop-confined: apps by name (insertion order) and instances by id.
  private final Map<String, AppSpec> apps = new LinkedHashMap<>();
  private final TreeMap<Integer, Instance> instances = new TreeMap<>();
  private int nextId;
  private ScheduledFuture<?> sampler;
  private final RestartTriggers triggers;
  private final GatePools pools;
  private final Replacements replacements;

  /** A supervisor that refuses cluster mode. */
  public Supervisor(SupervisorContext ctx) {
    this(ctx, ClusterFronts.unavailable());
  }

  /** A supervisor whose cluster-mode apps are fronted by what {@code fronts} makes. */
  public Supervisor(SupervisorContext ctx, ClusterFronts fronts) {
    this.ctx = ctx;
    this.fronts = fronts;
    this.triggers = new RestartTriggers(ctx, apps::get, this::restart);
    this.pools = new GatePools(ctx, fronts, apps::get, name -> java.util.stream.Stream.concat(
        instancesOf(name).stream(), incoming.values().stream().filter(i -> i.spec().name().equals(name))).toList());
    this.replacements = new Replacements(ctx, logFiles, pools, apps::get, instances, incoming);
  }

  /** Starts all instances of a new app. Fails if an app of that name exists. */
  public CompletableFuture<List<InstanceView>> start(AppSpec spec) {
    return onLoop(() -> {
      if (apps.containsKey(spec.name())) {
        throw new PmException("app '" + spec.name() + "' already exists; use 'corral restart " + spec.name()
            + "', 'corral scale' or 'corral delete' first");
      }
      if (spec.gate()) {
        throw new PmException("exec_mode: gate (expected: fork or cluster; a gate is made by corral for a"
            + " cluster-mode app)");
      }
      StartChecks.beforeStart(spec);
      AppSpec gateSpec = spec.cluster() ? fronts.gateSpec(spec) : null;
      triggers.arm(spec);
      apps.put(spec.name(), spec);
      List<InstanceView> started = new ArrayList<>();
      for (int i = 0; i < spec.instances(); i++) {
        Instance instance = add(spec, i);
        instance.launch();
        started.add(instance.view());
      }
      if (gateSpec != null) {
        fronts.front(spec);
        Instance gate = add(gateSpec, 0);
        gate.launch();
        started.add(gate.view());
      }
      return started;
    });
  }

  /**
   * Gives an existing app new settings, as pm2 does when an ecosystem file is started again: the app takes the
   * spec (its environment included), every instance restarts with it, then the instance count follows the spec.
   * Log file paths stay those of the first start (delete and start to move them).
   */
  public CompletableFuture<List<InstanceView>> update(AppSpec spec) {
    String name = spec.name();
    return onLoop(() -> {
      if (!apps.containsKey(name)) {
        throw new PmException("no app named '" + name + "' (see corral list)");
      }
      StartChecks.beforeUpdate(spec);
      AppSpec before = apps.get(name);
      if (before.cluster() != spec.cluster()) {
        throw new PmException(name + ": exec_mode " + before.execMode() + " -> " + spec.execMode() + " needs a new"
            + " start: 'corral delete " + name + "', then start it again");
      }
      AppSpec kept = spec.toBuilder().instances(instancesOf(name).size()).build();
      apps.put(name, kept);
      instancesOf(name).forEach(i -> i.spec(kept));
      gateOf(name).ifPresent(gate -> {
        if (before.port() != kept.port() || !before.lb().equals(kept.lb())) {
          gate.spec(fronts.gateSpec(kept));
          gate.restart();
        }
      });
      triggers.disarm(name);
      triggers.arm(kept);
      return name;
    }).thenCompose(n -> spec.cluster() ? reload(n, 1) : restart(n))
        .thenCompose(v -> scale(name, spec.instances(), false));
  }

  /** Stops the targeted instances; completes when every tree is gone. */
  public CompletableFuture<List<InstanceView>> stop(String target) {
    return stopGatesFirst(target);
  }

  /**
   * Stops the targeted instances, gates first: a cluster-mode app's gate stops taking connections and lets its
   * requests in flight finish (its graceful quit) while the instances still serve them; then the instances stop.
   */
  private CompletableFuture<List<InstanceView>> stopGatesFirst(String target) {
    return onLoop(() -> resolve(target)).thenCompose(list -> {
      CompletableFuture<?>[] gates = list.stream().filter(i -> i.spec().gate()).map(Instance::stop)
          .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(gates).thenCompose(v -> onLoop(() -> list.stream()
          .filter(i -> !i.spec().gate()).map(Instance::stop).toArray(CompletableFuture[]::new)))
          .thenCompose(CompletableFuture::allOf)
          .thenCompose(v -> onLoop(() -> list.stream().map(Instance::view).toList()));
    });
  }

  /**
   * Stops then starts the targeted instances. A cluster-mode app's running gate keeps running (its pool follows
   * the instances); a stopped one starts again.
   */
  public CompletableFuture<List<InstanceView>> restart(String target) {
    return forEach(target, i -> i.spec().gate() && i.state().hasProcess() && !isId(target)
        ? CompletableFuture.completedFuture(null) : i.restart());
  }

  /**
   * Replaces the targeted instances without downtime. For a cluster-mode app, in batches of {@code parallel}:
   * start a new instance beside the old one, wait until it is ready (bounded by {@code listen_timeout}), let it
   * join the gate's pool, drain the old one (its in-flight requests finish, bounded by {@code kill_timeout}), stop
   * it, then the next batch. A new instance that exits or is not ready in time stops the reload: it is stopped,
   * the old instances keep serving, and the future fails naming the instance, why, and its last log lines.
   * Fork-mode instances are restarted, as pm2 does; gates are left running.
   */
  public CompletableFuture<List<InstanceView>> reload(String target, int parallel) {
    if (parallel < 1) {
      return CompletableFuture.failedFuture(new PmException("--parallel: " + parallel + " (expected: >= 1)"));
    }
    return onLoop(() -> resolve(target)).thenCompose(list -> {
      List<Instance> rolling = list.stream().filter(i -> i.spec().cluster()).toList();
      CompletableFuture<?>[] restarts = list.stream().filter(i -> !i.spec().cluster())
          .map(i -> i.spec().gate() && i.state().hasProcess() ? CompletableFuture.completedFuture(null) : i.restart())
          .toArray(CompletableFuture[]::new);
      CompletableFuture<Void> roll = CompletableFuture.completedFuture(null);
      for (int from = 0; from < rolling.size(); from += parallel) {
        List<Instance> batch = rolling.subList(from, Math.min(rolling.size(), from + parallel));
        roll = roll.thenCompose(v -> CompletableFuture.allOf(batch.stream().map(i -> onLoop(() -> replacements.replace(i))
            .thenCompose(f -> f)).toArray(CompletableFuture[]::new)));
      }
      List<Integer> ids = list.stream().map(Instance::id).toList();
      return CompletableFuture.allOf(roll, CompletableFuture.allOf(restarts))
          .thenCompose(v -> onLoop(() -> ids.stream().map(instances::get).filter(java.util.Objects::nonNull)
              .map(Instance::view).toList()));
    });
  }

  /**
   * Replaces the environment of the targeted instances' apps ({@code --update-env}), then restarts them. Without
   * it, a restart keeps the environment captured at start, as pm2 does.
   */
  public CompletableFuture<List<InstanceView>> restartWithEnv(String target, Map<String, String> env) {
    return onLoop(() -> {
      for (Instance i : resolve(target)) {
        AppSpec updated = apps.get(i.spec().name()).toBuilder().env(env).build();
        for (int n = 0; n < updated.instances(); n++) {
          ChildLauncher.environment(updated, n, System.getenv()); // a bad increment_var fails before anything stops
        }
        apps.put(updated.name(), updated);
        instancesOf(updated.name()).forEach(x -> x.spec(updated));
      }
      return target;
    }).thenCompose(this::restart);
  }

  private static boolean isId(String target) {
    return !target.isEmpty() && target.chars().allMatch(Character::isDigit);
  }

  /** Sends a signal (a name such as USR1) to the root process of each targeted running instance. */
  public CompletableFuture<List<InstanceView>> signal(String target, String signal) {
    if (!AppSpec.SIGNALS.contains(signal)) {
      return CompletableFuture.failedFuture(new PmException("signal: " + signal
          + " (expected: a signal name such as USR1, HUP or TERM)"));
    }
    return onLoop(() -> {
      List<Instance> targets = resolve(target).stream().filter(i -> !i.spec().gate() || isId(target)).toList();
      List<InstanceView> signalled = targets.stream().filter(i -> i.signal(signal)).map(Instance::view).toList();
      if (signalled.isEmpty()) {
        throw new PmException("sendSignal: nothing of '" + target + "' is running");
      }
      return signalled;
    });
  }

  /** Stops the targeted instances and forgets them (and their app once it has no instance left). */
  public CompletableFuture<List<InstanceView>> delete(String target) {
    return onLoop(() -> resolve(target)).thenCompose(list -> {
      List<InstanceView> views = list.stream().map(Instance::view).toList();
      CompletableFuture<?>[] stops = list.stream()
          .map(i -> i.stop().thenRunAsync(() -> remove(i), ctx.loop()))
          .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(stops).thenApply(v -> views);
    });
  }

  /** Clears the restart counters of the targeted instances. */
  public CompletableFuture<List<InstanceView>> reset(String target) {
    return onLoop(() -> resolve(target).stream().peek(Instance::reset).map(Instance::view).toList());
  }

  /** Empties the logs of the targeted instances ({@code all} for every one). */
  public CompletableFuture<List<InstanceView>> flush(String target) {
    return onLoop(() -> resolve(target).stream().peek(Instance::flushLogs).map(Instance::view).toList());
  }

  /** Every instance, by id. */
  public CompletableFuture<List<InstanceView>> list() {
    return onLoop(() -> instances.values().stream().map(Instance::view).toList());
  }

  /**
   * Sets the number of instances of an app: new ones are started, the highest-indexed ones stopped and deleted.
   *
   * @param count the new count (absolute) or the change (relative)
   */
  public CompletableFuture<List<InstanceView>> scale(String name, int count, boolean relative) {
    return onLoop(() -> {
      AppSpec spec = apps.get(name);
      if (spec == null) {
        throw new PmException("no app named '" + name + "' (see corral list)");
      }
      List<Instance> mine = instancesOf(name);
      int target = relative ? mine.size() + count : count;
      if (target < 1 || target > 1024) {
        throw new PmException("scale " + name + ": " + target + " instances (expected: 1..1024; use delete to remove"
            + " an app)");
      }
      AppSpec scaled = spec.toBuilder().instances(target).build();
      apps.put(name, scaled);
      mine.forEach(i -> i.spec(scaled));
      List<Instance> removed = new ArrayList<>();
      for (int i = mine.size(); i < target; i++) {
        add(scaled, i).launch();
      }
      for (int i = mine.size() - 1; i >= target; i--) {
        removed.add(mine.get(i));
      }
      return removed;
    }).thenCompose(removed -> {
      CompletableFuture<?>[] stops = removed.stream()
          .map(i -> pools.retire(i).thenRunAsync(() -> remove(i), ctx.loop()))
          .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(stops);
    }).thenCompose(v -> onLoop(() -> instancesOf(name).stream().map(Instance::view).toList()));
  }

  /** The state to persist for a takeover. Must be called on the loop thread (the daemon's state writer is). */
  public SupervisorState snapshot() {
    return new SupervisorState(SupervisorState.FORMAT, List.copyOf(apps.values()),
        java.util.stream.Stream.concat(instances.values().stream(), incoming.values().stream())
            .map(Instance::record).toList());
  }

  /**
   * Takes over the apps of a daemon that died (see {@link Instance#adopt}); then deletes named pipes no instance
   * uses. Call once on a fresh supervisor.
   */
  public CompletableFuture<List<InstanceView>> restore(SupervisorState state) {
    return onLoop(() -> {
      state.apps().forEach(a -> apps.put(a.name(), a));
      for (AppSpec a : state.apps()) {
        try {
          triggers.arm(a);
        } catch (RuntimeException e) {
          ctx.events().accept(new SupervisorEvent.Notice(a.name() + ": cannot watch files again: " + e.getMessage()));
        }
      }
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      List<InstanceRecord> records = state.instances().stream()
          .sorted(Comparator.comparingInt(InstanceRecord::generation)).toList();
      for (InstanceRecord r : records) {
        if (!seen.add(r.id())) {
          // A reload's replacement, started beside instance r.id() when the daemon died: the reload is over.
          replacements.stopOrphan(r);
          continue;
        }
        AppSpec spec = apps.get(r.name());
        if (spec == null) {
          ctx.events().accept(new SupervisorEvent.Notice("state: instance " + r.id() + " of unknown app " + r.name()
              + " skipped"));
          continue;
        }
        if (r.gate()) {
          try {
            spec = fronts.gateSpec(spec);
          } catch (RuntimeException e) {
            ctx.events().accept(new SupervisorEvent.Notice("state: the gate of " + r.name()
                + " cannot be prepared again: " + e.getMessage()));
            continue;
          }
        }
        Instance instance = new Instance(ctx, logFiles, r.id(), r.index(), spec, r.generation(), pools::moved);
        instances.put(r.id(), instance);
        nextId = Math.max(nextId, r.id() + 1);
        instance.adopt(r);
      }
      // Adopted gates and instances are online without a move: bring each pool in step once.
      for (AppSpec a : apps.values()) {
        if (a.cluster()) {
          gateOf(a.name()).filter(g -> g.state() == ProcessState.ONLINE)
              .ifPresent(g -> pools.reconcile(a));
        }
      }
      deleteStalePipes();
      return instances.values().stream().map(Instance::view).toList();
    });
  }

  private void deleteStalePipes() {
    java.util.Set<String> used = new java.util.HashSet<>();
    instances.values().forEach(i -> used.addAll(i.pipesInUse()));
    try (var files = java.nio.file.Files.list(ctx.pipesDir())) {
      for (java.nio.file.Path p : files.toList()) {
        if (!used.contains(p.toString())) {
          java.nio.file.Files.deleteIfExists(p);
        }
      }
    } catch (java.io.IOException e) {
      ctx.events().accept(new SupervisorEvent.Notice("cannot clean " + ctx.pipesDir() + ": " + e.getMessage()));
    }
  }

  /** Stops every instance (the daemon is shutting down); completes when all trees are gone. */
  public CompletableFuture<List<InstanceView>> stopAll() {
    return stopGatesFirst("all");
  }

  /** Samples CPU and memory of every online instance every {@code periodMs} (max_memory_restart acts on it). */
  public void startSampling(long periodMs) {
    ctx.loop().execute(() -> {
      if (sampler == null) {
        sampler = ctx.loop().scheduleWithFixedDelay(this::sampleOnce, periodMs, periodMs, TimeUnit.MILLISECONDS);
      }
    });
  }

  private void sampleOnce() {
    if (instances.values().stream().noneMatch(i -> i.state() == ProcessState.ONLINE)) {
      return;
    }
    ProcTable table = ProcTable.read();
    List.copyOf(instances.values()).forEach(i -> i.sample(table));
  }

  private CompletableFuture<List<InstanceView>> forEach(String target,
      java.util.function.Function<Instance, CompletableFuture<Void>> action) {
    return onLoop(() -> resolve(target)).thenCompose(list -> {
      CompletableFuture<?>[] done = list.stream().map(action).toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(done)
          .thenCompose(v -> onLoop(() -> list.stream().map(Instance::view).toList()));
    });
  }

  private Instance add(AppSpec spec, int index) {
    Instance instance = new Instance(ctx, logFiles, nextId++, index, spec, 0, pools::moved);
    instances.put(instance.id(), instance);
    return instance;
  }

  /** Forgets a stopped instance; the app goes with its last instance (a cluster-mode app's gate is stopped then). */
  private void remove(Instance instance) {
    if (instances.get(instance.id()) != instance) {
      return; // removed already (a delete and the app's last instance both remove its gate)
    }
    instances.remove(instance.id());
    instance.closeLogs();
    String name = instance.spec().name();
    if (instancesOf(name).isEmpty()) {
      java.util.Optional<Instance> gate = gateOf(name);
      if (gate.isPresent()) {
        gate.get().stop().thenRunAsync(() -> remove(gate.get()), ctx.loop());
      } else {
        AppSpec app = apps.remove(name);
        if (app != null && app.cluster()) {
          fronts.front(app).close();
        }
        triggers.disarm(name);
      }
    }
    ctx.changed().run();
  }

  /** An app's instances (not its gate), by index. */
  private List<Instance> instancesOf(String name) {
    return instances.values().stream().filter(i -> i.spec().name().equals(name) && !i.spec().gate())
        .sorted(Comparator.comparingInt(Instance::index)).toList();
  }

  /** The gate of a cluster-mode app. */
  private java.util.Optional<Instance> gateOf(String name) {
    return instances.values().stream().filter(i -> i.spec().name().equals(name) && i.spec().gate()).findFirst();
  }

  /** The instances a target names: all, an id, an app name, or a namespace. */
  private List<Instance> resolve(String target) {
    if (target.equals("all")) {
      return List.copyOf(instances.values());
    }
    if (!target.isEmpty() && target.chars().allMatch(Character::isDigit)) {
      Instance instance = target.length() < 10 ? instances.get(Integer.parseInt(target)) : null;
      if (instance == null) {
        throw new PmException("no process with id " + target + " (see corral list)");
      }
      return List.of(instance);
    }
    List<Instance> byName = new ArrayList<>(instancesOf(target));
    if (!byName.isEmpty()) {
      gateOf(target).ifPresent(byName::add);
      return byName;
    }
    List<Instance> byNamespace = instances.values().stream().filter(i -> i.spec().namespace().equals(target)).toList();
    if (!byNamespace.isEmpty()) {
      return byNamespace;
    }
    throw new PmException("no app or namespace named '" + target + "' (see corral list)");
  }

  private <T> CompletableFuture<T> onLoop(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, ctx.loop());
  }
}
