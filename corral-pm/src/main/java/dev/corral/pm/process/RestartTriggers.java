package dev.corral.pm.process;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What restarts an app on its own: {@code watch} (file changes, debounced by {@code watch_delay}) and
 * {@code cron_restart} (the next time of its schedule, re-armed after each restart).
 *
 * <p>Thread-safety: confined to the supervisor loop; file watch threads hand their events to it.
 */
final class RestartTriggers {
  private final SupervisorContext ctx;
  private final Function<String, AppSpec> apps;
  private final Consumer<String> restart;
  // Loop-confined: file watches of apps with `watch`, their debounced restarts, and each app's next cron_restart.
  private final Map<String, FileWatch> watches = new HashMap<>();
  private final Map<String, ScheduledFuture<?>> watchRestarts = new HashMap<>();
  private final Map<String, ScheduledFuture<?>> cronRestarts = new HashMap<>();

  /**
   * @param apps the current spec of an app by name, null once it is gone
   * @param restart restarts the app of that name
   */
  RestartTriggers(SupervisorContext ctx, Function<String, AppSpec> apps, Consumer<String> restart) {
    this.ctx = ctx;
    this.apps = apps;
    this.restart = restart;
  }

  /** Starts the app's watch and schedule, if it has them; a bad watch path throws, before anything starts. */
  void arm(AppSpec spec) {
    if (!spec.watch().isEmpty() && !watches.containsKey(spec.name())) {
      String name = spec.name();
      watches.put(name, new FileWatch(Path.of(spec.cwd()), spec.watch(), spec.ignoreWatch(),
          () -> onLoopIfRunning(() -> filesChanged(name)), name));
    }
    scheduleCron(spec);
  }

  /** Stops the app's watch and schedule (the app is deleted, or gets new settings). */
  void disarm(String name) {
    for (Map<String, ScheduledFuture<?>> timers : java.util.List.of(cronRestarts, watchRestarts)) {
      ScheduledFuture<?> timer = timers.remove(name);
      if (timer != null) {
        timer.cancel(false);
      }
    }
    FileWatch watch = watches.remove(name);
    if (watch != null) {
      watch.close();
    }
  }

  /** Hands work from a watch thread to the loop; once the loop is shut down (daemon exit) the work is dropped. */
  private void onLoopIfRunning(Runnable work) {
    try {
      ctx.loop().execute(work);
    } catch (RejectedExecutionException e) {
      // The supervisor's loop is shut down: nothing is supervised any more, so a file change means nothing.
    }
  }

  /** Schedules the app's next cron_restart (in the clock's zone); re-arms itself after each one. */
  private void scheduleCron(AppSpec spec) {
    String name = spec.name();
    if (spec.cronRestart().isEmpty() || cronRestarts.containsKey(name)) {
      return;
    }
    ZonedDateTime now = ZonedDateTime.now(ctx.clock());
    long delay = Duration.between(now, CronSchedule.parse(spec.cronRestart()).next(now)).toMillis();
    cronRestarts.put(name, ctx.loop().schedule(() -> {
      cronRestarts.remove(name);
      AppSpec current = apps.apply(name);
      if (current != null) {
        ctx.events().accept(new SupervisorEvent.AppRestarting(name, "cron_restart " + current.cronRestart()));
        restart.accept(name);
        scheduleCron(current);
      }
    }, Math.max(0, delay), TimeUnit.MILLISECONDS));
  }

  /** Debounces file changes: the restart happens once the files have been quiet for watch_delay. */
  private void filesChanged(String name) {
    AppSpec spec = apps.apply(name);
    if (spec == null) {
      return;
    }
    ScheduledFuture<?> pending = watchRestarts.get(name);
    if (pending != null) {
      pending.cancel(false);
    }
    watchRestarts.put(name, ctx.loop().schedule(() -> {
      watchRestarts.remove(name);
      if (apps.apply(name) != null) {
        ctx.events().accept(new SupervisorEvent.AppRestarting(name, "watched files changed"));
        restart.accept(name);
      }
    }, spec.watchDelayMs(), TimeUnit.MILLISECONDS));
  }
}
