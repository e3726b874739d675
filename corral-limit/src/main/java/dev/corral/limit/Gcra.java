package dev.corral.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * The Generic Cell Rate Algorithm (a leaky bucket as a meter), as redis-cell's {@code CL.THROTTLE key max_burst
 * count period} computes it: one "theoretical arrival time" (TAT) per limiter, emission interval
 * {@code T = period / count}, tolerance {@code τ = max_burst · T}.
 *
 * <pre>
 * new_tat  = max(tat, now) + n·T
 * allow_at = new_tat - (max_burst + 1)·T
 * now &lt; allow_at → REJECTED (retry after allow_at - now), else tat = new_tat
 * </pre>
 * So {@code max_burst + 1} requests pass at once from rest, then one per {@code T}. {@code T} is rounded up to a
 * whole nanosecond when {@code period/count} is not whole (never more permissive than configured).
 * One {@code long} of state, CAS, no allocation for a boolean decision. Reservations book future TAT.
 */
public final class Gcra extends LocalRateLimiter {

  private static final VarHandle TAT;

  static {
    try {
      TAT = MethodHandles.lookup().findVarHandle(Gcra.class, "tat", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long origin;
  private final long emission;    // T
  private final long burst;       // max_burst
  private final long window;      // (max_burst + 1) * T
  @SuppressWarnings("unused")
  private volatile long tat;      // relative to origin; <= 0 means "at rest"

  private Gcra(long count, long periodNanos, long burst, Ticker ticker) {
    super(ticker);
    if (count < 1) {
      throw LimitConfigException.argument("count", "a positive number of requests per period", count);
    }
    if (periodNanos < 1) {
      throw LimitConfigException.argument("period", "a positive duration", periodNanos + "ns");
    }
    if (burst < 0) {
      throw LimitConfigException.argument("burst", "a non-negative integer", burst);
    }
    this.origin = ticker.read();
    this.emission = -Math.floorDiv(-periodNanos, count);
    this.burst = burst;
    if (satMul(burst + 1, emission) > (1L << 62)) {
      throw LimitConfigException.argument("burst", "(burst + 1) × period/count within 146 years", burst);
    }
    this.window = (burst + 1) * emission;
    this.tat = 0;
  }

  /** {@code count} requests per {@code period}, plus {@code burst} beyond the rate at once. */
  public static Gcra of(long count, Duration period, long burst) {
    return of(count, period, burst, Ticker.system());
  }

  public static Gcra of(long count, Duration period, long burst, Ticker ticker) {
    return new Gcra(count, period.toNanos(), burst, ticker);
  }

  /** The emission interval T in nanoseconds. */
  public long emissionIntervalNanos() {
    return emission;
  }

  public long burst() {
    return burst;
  }

  /** {@code max_burst + 1}. */
  @Override
  public long limit() {
    return burst + 1;
  }

  @Override
  boolean tryAcquireAt(long now, long permits) {
    if (permits > burst + 1) {
      return false;
    }
    long e = now - origin;
    long cost = permits * emission;
    while (true) {
      long cur = (long) TAT.getVolatile(this);
      long base = cur > e ? cur : e;
      long next = base + cost;
      if (next - window > e) {
        return false;
      }
      if (TAT.weakCompareAndSet(this, cur, next)) {
        return true;
      }
      Thread.onSpinWait();
    }
  }

  @Override
  long reserveAt(long now, long permits, long maxWaitNanos) {
    if (permits > burst + 1) {
      return Long.MIN_VALUE;
    }
    long e = now - origin;
    long cost = permits * emission;
    while (true) {
      long cur = (long) TAT.getVolatile(this);
      long next = Math.max(cur, e) + cost;
      long wait = next - window - e;
      if (wait > maxWaitNanos) {
        return refusal(wait);
      }
      if (TAT.compareAndSet(this, cur, next)) {
        return Math.max(0, wait);
      }
    }
  }

  @Override
  Decision decideAt(long now, long permits) {
    long r = reserveAt(now, permits, 0);
    long e = now - origin;
    long cur = (long) TAT.getVolatile(this);
    long reset = Math.max(0, cur - e);
    long remaining = Math.max(0, (window - Math.max(0, cur - e)) / emission);
    if (r >= 0) {
      return Decision.passed(permits, remaining, limit(), reset);
    }
    return Decision.rejected(permits, remaining, limit(), retryAfterOf(r), reset);
  }

  @Override
  long nanosToWaitAt(long now, long permits) {
    if (permits > burst + 1) {
      return NEVER;
    }
    long e = now - origin;
    long cur = (long) TAT.getVolatile(this);
    return Math.max(0, Math.max(cur, e) + permits * emission - window - e);
  }

  @Override
  boolean atRest(long now) {
    return (long) TAT.getVolatile(this) <= now - origin;
  }

  @Override
  public String toString() {
    return "Gcra[T=" + emission + "ns burst=" + burst + "]";
  }
}
