package dev.corral.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * At most {@code limit} permits per window; windows are consecutive, aligned to the limiter's creation.
 * Cheap and simple, but up to {@code 2·limit} can pass around a window edge.
 *
 * <p>State is one {@code long}: permits ever booked, {@code d}. Window {@code k} owns the permits
 * {@code (k·limit, (k+1)·limit]}; taking {@code n} sets {@code d = max(d, k·limit) + n}, granted now when
 * {@code d ≤ (k+1)·limit}. Reservations book permits of future windows (the wait is until that window opens).
 * CAS, no allocation for a boolean decision. At most one permit per nanosecond.
 */
public final class FixedWindow extends LocalRateLimiter {

  private static final VarHandle D;

  static {
    try {
      D = MethodHandles.lookup().findVarHandle(FixedWindow.class, "d", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long origin;
  private final long limit;
  private final long window;
  @SuppressWarnings("unused")
  private volatile long d;

  private FixedWindow(long limit, long windowNanos, Ticker ticker) {
    super(ticker);
    if (limit < 1) {
      throw LimitConfigException.argument("limit", "a positive number of permits per window", limit);
    }
    if (windowNanos < 1) {
      throw LimitConfigException.argument("window", "a positive duration", windowNanos + "ns");
    }
    if (limit > windowNanos) {
      throw LimitConfigException.argument("limit", "at most one permit per nanosecond of window", limit);
    }
    this.origin = ticker.read();
    this.limit = limit;
    this.window = windowNanos;
  }

  public static FixedWindow of(long limit, Duration window) {
    return of(limit, window, Ticker.system());
  }

  public static FixedWindow of(long limit, Duration window, Ticker ticker) {
    return new FixedWindow(limit, window.toNanos(), ticker);
  }

  @Override
  public long limit() {
    return limit;
  }

  public Duration window() {
    return Duration.ofNanos(window);
  }

  @Override
  boolean tryAcquireAt(long now, long permits) {
    if (permits > limit) {
      return false;
    }
    long k = Math.floorDiv(now - origin, window);
    long start = k * limit;
    long end = start + limit;
    while (true) {
      long cur = (long) D.getVolatile(this);
      long next = (cur > start ? cur : start) + permits;
      if (next > end) {
        return false;
      }
      if (D.weakCompareAndSet(this, cur, next)) {
        return true;
      }
      Thread.onSpinWait();
    }
  }

  @Override
  long reserveAt(long now, long permits, long maxWaitNanos) {
    if (permits > limit) {
      return Long.MIN_VALUE;
    }
    long e = now - origin;
    long k = Math.floorDiv(e, window);
    long start = k * limit;
    while (true) {
      long cur = (long) D.getVolatile(this);
      long next = booked(Math.max(cur, start), permits);
      long wait = waitFor(next, e, k);
      if (wait > maxWaitNanos) {
        return refusal(wait);
      }
      if (D.compareAndSet(this, cur, next)) {
        return wait;
      }
    }
  }

  /** The new booking after {@code n} permits from {@code base}: a batch never straddles two windows. */
  private long booked(long base, long n) {
    long w = Math.floorDiv(base, limit);
    if (Math.floorDiv(base + n - 1, limit) != w) {
      base = (w + 1) * limit;
    }
    return base + n;
  }

  /** Nanoseconds until the window owning permit {@code next} opens. */
  private long waitFor(long next, long e, long k) {
    long owner = Math.floorDiv(next - 1, limit);
    return owner <= k ? 0 : owner * window - e;
  }

  @Override
  Decision decideAt(long now, long permits) {
    long r = reserveAt(now, permits, 0);
    long e = now - origin;
    long k = Math.floorDiv(e, window);
    long cur = (long) D.getVolatile(this);
    long used = Math.max(cur, k * limit) - k * limit;
    long remaining = Math.max(0, limit - used);
    long reset = used > 0 ? Math.floorDiv(cur - 1, limit) * window + window - e : 0;
    if (r >= 0) {
      return Decision.passed(permits, remaining, limit, Math.max(0, reset));
    }
    return Decision.rejected(permits, remaining, limit, retryAfterOf(r), Math.max(0, reset));
  }

  @Override
  long nanosToWaitAt(long now, long permits) {
    if (permits > limit) {
      return NEVER;
    }
    long e = now - origin;
    long k = Math.floorDiv(e, window);
    long next = booked(Math.max((long) D.getVolatile(this), k * limit), permits);
    return waitFor(next, e, k);
  }

  @Override
  boolean atRest(long now) {
    long k = Math.floorDiv(now - origin, window);
    return (long) D.getVolatile(this) <= k * limit;
  }

  @Override
  public String toString() {
    return "FixedWindow[" + limit + " per " + Duration.ofNanos(window) + "]";
  }
}
