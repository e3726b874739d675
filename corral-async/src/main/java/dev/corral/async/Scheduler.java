package dev.corral.async;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action after a delay. Everything in this module that waits for time to pass (task timeouts, retry
 * intervals) goes through a {@code Scheduler}, so tests can substitute a manual clock for real time.
 *
 * <p>Implementations must be thread-safe. The action runs on a thread of the scheduler's choosing and must be
 * short; it must not block.
 */
@FunctionalInterface
public interface Scheduler {

  /**
   * Arranges for {@code action} to run once, {@code delayNanos} nanoseconds from now.
   *
   * @return a handle whose {@link Cancellable#cancel()} prevents the action from running if it has not started
   */
  Cancellable schedule(Runnable action, long delayNanos);

  /**
   * The current time in nanoseconds on the clock this scheduler's delays count on, for measuring intervals only
   * (like {@link System#nanoTime()}, which the default returns). A scheduler on a fake clock returns its own time,
   * so intervals measured with it (a task's wait in a queue) follow the fake clock too.
   */
  default long nanoTime() {
    return System.nanoTime();
  }

  /** A scheduled action that can still be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Prevents the action from running if it has not started yet; idempotent. */
    void cancel();
  }

  /**
   * The shared scheduler that uses real time: one daemon platform thread, cancelled actions removed at once so a
   * million short-lived timeouts leave nothing behind.
   */
  static Scheduler system() {
    return SystemScheduler.INSTANCE;
  }

  /** A scheduler backed by the given executor; the caller owns its lifecycle. */
  static Scheduler of(ScheduledExecutorService executor) {
    return (action, delayNanos) -> {
      var future = executor.schedule(action, delayNanos, TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}

/** Holder for the lazily created system scheduler. */
final class SystemScheduler {
  static final Scheduler INSTANCE = Scheduler.of(newExecutor());

  private SystemScheduler() {}

  private static ScheduledThreadPoolExecutor newExecutor() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "corral-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
