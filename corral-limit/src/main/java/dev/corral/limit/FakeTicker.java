package dev.corral.limit;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A manually driven {@link Ticker} for tests. Time moves only when told to: {@link #advance}, {@link #set},
 * or a limiter sleeping on it ({@link #sleep} advances the clock by the requested amount and returns at once;
 * {@link #delayedExecutor} advances the clock and runs the task on the calling thread).
 *
 * <p>Thread safe; starts at an arbitrary non-zero origin so code that assumes {@code read() == 0} at start fails.
 */
public final class FakeTicker implements Ticker {

  private final AtomicLong nanos;

  /** A ticker starting at an arbitrary fixed instant. */
  public FakeTicker() {
    this(1_000_000_000_000L);
  }

  public FakeTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves time forward by {@code delta} nanoseconds (must be non-negative); returns the new time. */
  public long advance(long deltaNanos) {
    if (deltaNanos < 0) {
      throw new IllegalArgumentException("a ticker never goes backwards: " + deltaNanos);
    }
    return nanos.addAndGet(deltaNanos);
  }

  public long advance(Duration delta) {
    return advance(delta.toNanos());
  }

  /** Moves time forward by {@code millis} milliseconds. */
  public long advanceMillis(long millis) {
    return advance(millis * 1_000_000L);
  }

  /** Sets the time; it may not move backwards. */
  public void set(long newNanos) {
    long cur;
    do {
      cur = nanos.get();
      if (newNanos < cur) {
        throw new IllegalArgumentException("a ticker never goes backwards: " + newNanos + " < " + cur);
      }
    } while (!nanos.compareAndSet(cur, newNanos));
  }

  /** Advances the clock by {@code nanos} instead of blocking. */
  @Override
  public void sleep(long sleepNanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (sleepNanos > 0) {
      advance(sleepNanos);
    }
  }

  /** Advances the clock by {@code nanos} and runs the task on the calling thread. */
  @Override
  public Executor delayedExecutor(long delayNanos) {
    return task -> {
      if (delayNanos > 0) {
        advance(delayNanos);
      }
      task.run();
    };
  }

  @Override
  public String toString() {
    return "FakeTicker[" + nanos.get() + "ns]";
  }
}
