package dev.corral.limit.redis;

import dev.corral.limit.Ticker;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether to ask Redis at all: after a failure the limiter stops asking for {@code probeIntervalNanos} (decisions
 * go straight to the failure policy, so callers don't each wait a timeout), then lets calls through again; the
 * first success marks Redis up. Recovery is automatic: there is no state a caller must reset.
 *
 * <p>Thread-safe and lock-free: one atomic "down until" time; {@code 0} means up. Logs one line when Redis goes
 * down and one when it comes back (not one per failed call).
 */
final class RedisHealth {

  private static final System.Logger LOG = System.getLogger(RedisHealth.class.getName());
  private static final long UP = 0;

  private final String name;
  private final Ticker ticker;
  private final long probeIntervalNanos;
  /** {@link #UP}, or the ticker time before which Redis is not asked. */
  private final AtomicLong downUntil = new AtomicLong(UP);

  RedisHealth(String name, Ticker ticker, long probeIntervalNanos) {
    this.name = name;
    this.ticker = ticker;
    this.probeIntervalNanos = probeIntervalNanos;
  }

  /** Whether this call should ask Redis (up, or down long enough to probe again). */
  boolean shouldAsk() {
    long until = downUntil.get();
    return until == UP || ticker.read() - until >= 0;
  }

  /** Nanoseconds until Redis will be asked again (0 if it is up). */
  long nanosUntilProbe() {
    long until = downUntil.get();
    return until == UP ? 0 : Math.max(0, until - ticker.read());
  }

  /** Whether Redis is considered up. */
  boolean isUp() {
    return downUntil.get() == UP;
  }

  void succeeded() {
    if (downUntil.get() != UP && downUntil.getAndSet(UP) != UP) {
      LOG.log(Level.INFO, "rate limiter {0}: Redis answers again; deciding in Redis", name);
    }
  }

  void failed(Throwable error) {
    long next = ticker.read() + probeIntervalNanos;
    if (next == UP) {
      next = 1;
    }
    if (downUntil.getAndSet(next) == UP) {
      LOG.log(Level.WARNING, "rate limiter {0}: Redis unavailable ({1}); applying the failure policy, "
          + "probing every {2} ms", name, String.valueOf(error), probeIntervalNanos / 1_000_000);
    }
  }
}
