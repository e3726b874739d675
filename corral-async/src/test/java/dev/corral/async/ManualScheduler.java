package dev.corral.async;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Scheduler} on a fake clock: actions run only when a test calls {@link #advance(Duration)}. */
final class ManualScheduler implements Scheduler {
  private final List<Entry> entries = new ArrayList<>();
  private long now;

  private static final class Entry {
    final long due;
    final Runnable action;
    boolean cancelled;

    Entry(long due, Runnable action) {
      this.due = due;
      this.action = action;
    }
  }

  @Override
  public synchronized Cancellable schedule(Runnable action, long delayNanos) {
    Entry entry = new Entry(now + delayNanos, action);
    entries.add(entry);
    return () -> {
      synchronized (ManualScheduler.this) {
        entry.cancelled = true;
      }
    };
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** Moves the clock forward and runs, on the calling thread, every action that has come due. */
  void advance(Duration duration) {
    List<Runnable> due = new ArrayList<>();
    synchronized (this) {
      now += duration.toNanos();
      entries.removeIf(entry -> {
        if (entry.cancelled) {
          return true;
        }
        if (entry.due <= now) {
          due.add(entry.action);
          return true;
        }
        return false;
      });
    }
    due.forEach(Runnable::run);
  }

  /** Actions scheduled and neither run nor cancelled. */
  synchronized int pending() {
    return (int) entries.stream().filter(entry -> !entry.cancelled).count();
  }
}
