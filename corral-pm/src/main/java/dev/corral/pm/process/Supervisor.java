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
 */
public final class Supervisor {
  private final SupervisorContext ctx;
  private final LogFiles logFiles = new LogFiles();
  // Loop-confined: apps by name (insertion order) and instances by id.
  private final Map<String, AppSpec> apps = new LinkedHashMap<>();
  private final TreeMap<Integer, Instance> instances = new TreeMap<>();
  private int nextId;
  private ScheduledFuture<?> sampler;
  // Loop-confined: file watches of apps with `watch`, and their debounced restarts.
  private final Map<String, FileWatch> watches = new java.util.HashMap<>();
  private final Map<String, ScheduledFuture<?>> watchRestarts = new java.util.HashMap<>();
  // Loop-confined: the next cron_restart of each app that has one.
  private final Map<String, ScheduledFuture<?>> cronRestarts = new java.util.HashMap<>();

  public Supervisor(SupervisorContext ctx) {
    this.ctx = ctx;
  }

  /** Starts all instances of a new app. Fails if an app of that name exists. */
  public CompletableFuture<List<InstanceView>> start(AppSpec spec) {
    return onLoop(() -> {
      if (apps.containsKey(spec.name())) {
        throw new PmException("app '" + spec.name() + "' already exists; use 'corral restart " + spec.name()
            + "', 'corral scale' or 'corral delete' first");
      }
      StartChecks.beforeStart(spec);
      watch(spec);
      apps.put(spec.name(), spec);
      scheduleCron(spec.name());
      List<InstanceView> started = new ArrayList<>();
      for (int i = 0; i < spec.instances(); i++) {
        Instance instance = add(spec, i);
        instance.launch();
        started.add(instance.view());
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
      AppSpec kept = spec.toBuilder().instances(instancesOf(name).size()).build();
      apps.put(name, kept);
      instancesOf(name).forEach(i -> i.spec(kept));
      ScheduledFuture<?> cron = cronRestarts.remove(name);
      if (cron != null) {
        cron.cancel(false);
      }
      FileWatch old = watches.remove(name);
      if (old != null) {
        old.close();
      }
      watch(kept);
      scheduleCron(name);
      return name;
    }).thenCompose(this::restart).thenCompose(v -> scale(name, spec.instances(), false));
  }

  /** Stops the targeted instances; completes when every tree is gone. */
  public CompletableFuture<List<InstanceView>> stop(String target) {
    return forEach(target, Instance::stop);
  }

  /** Stops then starts the targeted instances. */
  public CompletableFuture<List<InstanceView>> restart(String target) {
    return forEach(target, Instance::restart);
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

  /** Sends a signal (a name such as USR1) to the root process of each targeted running instance. */
  public CompletableFuture<List<InstanceView>> signal(String target, String signal) {
    if (!AppSpec.SIGNALS.contains(signal)) {
      return CompletableFuture.failedFuture(new PmException("signal: " + signal
          + " (expected: a signal name such as USR1, HUP or TERM)"));
    }
    return onLoop(() -> {
      List<Instance> targets = resolve(target);
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
          .map(i -> i.stop().thenRunAsync(() -> remove(i), ctx.loop()))
          .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(stops);
    }).thenCompose(v -> onLoop(() -> instancesOf(name).stream().map(Instance::view).toList()));
  }

  /** The state to persist for a takeover. Must be called on the loop thread (the daemon's state writer is). */
  public SupervisorState snapshot() {
    return new SupervisorState(SupervisorState.FORMAT, List.copyOf(apps.values()),
        instances.values().stream().map(Instance::record).toList());
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
          scheduleCron(a.name());
          watch(a);
        } catch (RuntimeException e) {
          ctx.events().accept(a.name() + ": cannot watch files again: " + e.getMessage());
        }
      }
      for (InstanceRecord r : state.instances()) {
        AppSpec spec = apps.get(r.name());
        if (spec == null) {
          ctx.events().accept("state: instance " + r.id() + " of unknown app " + r.name() + " skipped");
          continue;
        }
        Instance instance = new Instance(ctx, logFiles, r.id(), r.index(), spec);
        instances.put(r.id(), instance);
        nextId = Math.max(nextId, r.id() + 1);
        instance.adopt(r);
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
      ctx.events().accept("cannot clean " + ctx.pipesDir() + ": " + e.getMessage());
    }
  }

  /** Stops every instance (the daemon is shutting down); completes when all trees are gone. */
  public CompletableFuture<List<InstanceView>> stopAll() {
    return forEach("all", Instance::stop);
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

  /** Starts watching an app's files if it asks for it; a bad path fails here, before anything starts. */
  private void watch(AppSpec spec) {
    if (!spec.watch().isEmpty() && !watches.containsKey(spec.name())) {
      String name = spec.name();
      watches.put(name, new FileWatch(java.nio.file.Path.of(spec.cwd()), spec.watch(), spec.ignoreWatch(),
          () -> onLoopIfRunning(() -> filesChanged(name)), name));
    }
  }

  /** Hands work from a watch thread to the loop; once the loop is shut down (daemon exit) the work is dropped. */
  private void onLoopIfRunning(Runnable work) {
    try {
      ctx.loop().execute(work);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The supervisor's loop is shut down: nothing is supervised any more, so a file change means nothing.
    }
  }

  /** Schedules the app's next cron_restart (in the clock's zone); re-arms itself after each one. */
  private void scheduleCron(String name) {
    AppSpec spec = apps.get(name);
    if (spec == null || spec.cronRestart().isEmpty() || cronRestarts.containsKey(name)) {
      return;
    }
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(ctx.clock());
    long delay = java.time.Duration.between(now, CronSchedule.parse(spec.cronRestart()).next(now)).toMillis();
    cronRestarts.put(name, ctx.loop().schedule(() -> {
      cronRestarts.remove(name);
      if (apps.containsKey(name)) {
        ctx.events().accept(name + ": cron_restart " + spec.cronRestart() + ": restarting");
        restart(name);
        scheduleCron(name);
      }
    }, Math.max(0, delay), TimeUnit.MILLISECONDS));
  }

  /** Debounces file changes: the restart happens once the files have been quiet for watch_delay. */
  private void filesChanged(String name) {
    AppSpec spec = apps.get(name);
    if (spec == null) {
      return;
    }
    ScheduledFuture<?> pending = watchRestarts.get(name);
    if (pending != null) {
      pending.cancel(false);
    }
    watchRestarts.put(name, ctx.loop().schedule(() -> {
      watchRestarts.remove(name);
      if (apps.containsKey(name)) {
        ctx.events().accept(name + ": watched files changed: restarting");
        restart(name);
      }
    }, spec.watchDelayMs(), TimeUnit.MILLISECONDS));
  }

  private Instance add(AppSpec spec, int index) {
    Instance instance = new Instance(ctx, logFiles, nextId++, index, spec);
    instances.put(instance.id(), instance);
    return instance;
  }

  private void remove(Instance instance) {
    instances.remove(instance.id());
    instance.closeLogs();
    if (instancesOf(instance.spec().name()).isEmpty()) {
      apps.remove(instance.spec().name());
      ScheduledFuture<?> cron = cronRestarts.remove(instance.spec().name());
      if (cron != null) {
        cron.cancel(false);
      }
      FileWatch watch = watches.remove(instance.spec().name());
      if (watch != null) {
        watch.close();
      }
    }
    ctx.changed().run();
  }

  private List<Instance> instancesOf(String name) {
    return instances.values().stream().filter(i -> i.spec().name().equals(name))
        .sorted(Comparator.comparingInt(Instance::index)).toList();
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
    List<Instance> byName = instancesOf(target);
    if (!byName.isEmpty()) {
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
