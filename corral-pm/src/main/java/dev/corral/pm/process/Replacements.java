package dev.corral.pm.process;

import dev.corral.pm.PmException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A rolling reload's replacements: the new object of an instance (same id and index, next generation) that starts
 * beside the old one, joins the gate once ready, and takes the old one's place in the supervisor's map once the old
 * one is drained and stopped. Also what a daemon that died mid-reload leaves behind ({@link #stopOrphan}).
 *
 * <p>Thread-safety: confined to the supervisor loop; it shares the supervisor's (loop-confined) instance maps.
 */
final class Replacements {
  private final SupervisorContext ctx;
  private final LogFiles logFiles;
  private final GatePools pools;
  private final Function<String, AppSpec> apps;
  private final Map<Integer, Instance> instances;
  private final Map<Integer, Instance> incoming;

  /**
   * @param instances the supervisor's instances by id
   * @param incoming the replacements being started, by the id they replace
   */
  Replacements(SupervisorContext ctx, LogFiles logFiles, GatePools pools, Function<String, AppSpec> apps,
      Map<Integer, Instance> instances, Map<Integer, Instance> incoming) {
    this.ctx = ctx;
    this.logFiles = logFiles;
    this.pools = pools;
    this.apps = apps;
    this.instances = instances;
    this.incoming = incoming;
  }

  /** Starts the replacement of {@code old} (same id and index, next generation); see {@link Supervisor#reload}. */
  CompletableFuture<Void> replace(Instance old) {
    if (instances.get(old.id()) != old) {
      return CompletableFuture.completedFuture(null); // deleted or replaced meanwhile
    }
    AppSpec spec = apps.apply(old.spec().name());
    Instance next = new Instance(ctx, logFiles, old.id(), old.index(), spec, old.generation() + 1, pools::moved);
    next.continueFrom(old);
    incoming.put(old.id(), next);
    next.launch();
    return next.launchReady().thenComposeAsync(ready -> {
      if (!ready) {
        String why = next.state() == ProcessState.ONLINE ? "was not ready within listen_timeout "
            + spec.listenTimeoutMs() + " ms" : "exited before it was ready (state " + next.state().label() + ")";
        String lines = next.lastLogLines(10);
        return next.stop().thenApplyAsync(v -> {
          incoming.remove(old.id());
          next.closeLogs();
          throw new PmException("reload " + spec.name() + ": the new instance #" + old.id() + " " + why
              + "; it is stopped and the old instances keep serving." + (lines.isEmpty() ? ""
              : " Last log lines:" + lines));
        }, ctx.loop());
      }
      return pools.retire(old).thenRunAsync(() -> {
        incoming.remove(old.id());
        old.closeLogs();
        if (instances.get(old.id()) == old) {
          instances.put(old.id(), next);
        } else {
          next.stop(); // the instance was deleted during its reload
        }
        ctx.changed().run();
      }, ctx.loop());
    }, ctx.loop());
  }

  /** Stops the process of a record no instance takes over (its tree, at once: it never joined a gate). */
  void stopOrphan(InstanceRecord r) {
    boolean ours = r.pid() > 0 && ProcessTree.isAlive(r.pid())
        && ProcessHandle.of(r.pid()).map(Instance::startMillis).orElse(-1L) == r.processStartMs();
    if (ours) {
      new ProcessTree(r.pid(), ctx.launcher().ownGroup()).signal("KILL");
    }
    ctx.events().accept(new SupervisorEvent.InstanceNote(r.name(), r.id(), "a reload was cut short by the daemon's"
        + " death; its new instance" + (ours ? " (pid " + r.pid() + ") is stopped" : " is gone") + " and the old one"
        + " kept; run 'corral reload " + r.name() + "' again"));
  }
}
