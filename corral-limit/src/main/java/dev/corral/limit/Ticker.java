package dev.corral.limit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The only source of time for a local limiter: a monotonic nanosecond counter, plus the two ways a limiter
 * waits on it (blocking sleep and delayed async execution), so a test clock ({@link FakeTicker}) controls
 * waiting as well as reading.
 *
 * <p>{@link #read()} must be monotonic (never go backwards) and cheap: it is called once per decision.
 * Its origin is arbitrary, as with {@link System#nanoTime()}.
 */
@FunctionalInterface
public interface Ticker {

  /** Current time in nanoseconds from an arbitrary origin. */
  long read();

  /**
   * Blocks the calling thread for {@code nanos} of this ticker's time. The default parks the thread
   * (virtual-thread friendly, no pinning) and is interruptible.
   */
  default void sleep(long nanos) throws InterruptedException {
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } else if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  /** An executor that runs each task after {@code nanos} of this ticker's time. */
  default Executor delayedExecutor(long nanos) {
    return nanos <= 0 ? Runnable::run : CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS);
  }

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** The JVM's monotonic clock; an enum so it is a constant the JIT can see through. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
