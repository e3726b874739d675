package dev.corral.gate.http;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection's single timer: all its deadlines (idle, body, send, upstream read) share one scheduled task. A
 * deadline that moves later needs no rescheduling: the owner re-checks every deadline when the timer fires and
 * re-arms it for the earliest one, so a busy keep-alive connection schedules about one task per timeout period
 * instead of one per request.
 *
 * <p>Confined to the connection's event loop.
 */
final class ConnectionTimer {
  private final EventExecutor executor;
  private final Runnable onFire;
  /** The scheduled task and when it fires; null when none is scheduled. */
  private ScheduledFuture<?> task;
  private long firesAt;

  ConnectionTimer(EventExecutor executor, Runnable onFire) {
    this.executor = executor;
    this.onFire = onFire;
  }

  /** Makes the timer fire no later than {@code deadline} (a {@link System#nanoTime()} value). */
  void arm(long deadline) {
    if (task != null && firesAt - deadline <= 0) {
      return;
    }
    if (task != null) {
      task.cancel(false);
    }
    firesAt = deadline;
    task = executor.schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    task = null;
    onFire.run();
  }

  /** Cancels the scheduled task, if any. */
  void cancel() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  /** The earlier of two deadlines, where {@link Long#MAX_VALUE} means none. */
  static long earlier(long a, long b) {
    if (a == Long.MAX_VALUE) {
      return b;
    }
    return b == Long.MAX_VALUE || a - b <= 0 ? a : b;
  }
}
