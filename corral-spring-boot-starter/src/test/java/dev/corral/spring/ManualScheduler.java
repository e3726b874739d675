package dev.corral.spring;

import dev.corral.async.Scheduler;
import java.util.ArrayList;
import java.util.List;

/** A {@link Scheduler} whose actions run only when a test calls {@link #runAll()}: timeouts without real time. */
final class ManualScheduler implements Scheduler {
  private final List<Runnable> pending = new ArrayList<>();

  @Override
  public synchronized Cancellable schedule(Runnable action, long delayNanos) {
    pending.add(action);
    return () -> {
      synchronized (this) {
        pending.remove(action);
      }
    };
  }

  /** Runs every action scheduled and not cancelled so far, as if their delays had all passed. */
  void runAll() {
    List<Runnable> due;
    synchronized (this) {
      due = new ArrayList<>(pending);
      pending.clear();
    }
    due.forEach(Runnable::run);
  }
}
