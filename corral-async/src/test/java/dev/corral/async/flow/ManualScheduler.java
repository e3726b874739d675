package dev.corral.async.flow;

import dev.corral.async.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Scheduler} on a fake clock: actions run only when a test calls {@link #advance}, on the test's thread. */
final class ManualScheduler implements Scheduler {
  private final List<Timer> timers = new ArrayList<>();
  private long now;

  private final class Timer implements Cancellable {
    final long due;
    final Runnable action;
    boolean cancelled;

    Timer(long due, Runnable action) {
      this.due = due;
      this.action = action;
    }

    @Override
    public void cancel() {
      synchronized (ManualScheduler.this) {
        cancelled = true;
      }
    }
  }

  @Override
  public synchronized Cancellable schedule(Runnable action, long delayNanos) {
    Timer timer = new Timer(now + delayNanos, action);
    timers.add(timer);
    return timer;
  }

  /** Moves the clock forward and runs every action that has come due, in due order. */
  void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = now + duration.toNanos();
    }
    while (true) {
      Timer next = null;
      synchronized (this) {
        for (Timer timer : timers) {
          if (!timer.cancelled && timer.due <= target && (next == null || timer.due < next.due)) {
            next = timer;
          }
        }
        if (next == null) {
          now = target;
          return;
        }
        timers.remove(next);
        now = next.due;
      }
      next.action.run();
    }
  }

  /** Timers scheduled and neither run nor cancelled. */
  synchronized int pending() {
    return (int) timers.stream().filter(timer -> !timer.cancelled).count();
  }

  /** Delays of the pending timers from now, in nanoseconds. */
  synchronized List<Long> pendingDelays() {
    List<Long> delays = new ArrayList<>();
    for (Timer timer : timers) {
      if (!timer.cancelled) {
        delays.add(timer.due - now);
      }
    }
    return delays;
  }
}
