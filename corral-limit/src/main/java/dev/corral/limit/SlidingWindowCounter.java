package dev.corral.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * The sliding-window counter (Cloudflare's): counts for the current and the previous fixed window, and the
 * estimate {@code prev · (W − elapsed)/W + curr} must stay within {@code limit}. Nearly as accurate as a log with
 * two counters of state. Guarantees: at most {@code limit} in each aligned window, and the weighted estimate never
 * exceeds {@code limit}; a true sliding window may see more when the previous window's requests were bunched
 * at its end.
 *
 * <p>State is one packed {@code long} (window number modulo 2^m, previous count, current count) updated by CAS;
 * comparisons are exact integer arithmetic. Reservations are not supported (only what is available now is granted).
 * {@code limit} up to 2^26.
 */
public final class SlidingWindowCounter extends LocalRateLimiter {

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(SlidingWindowCounter.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long origin;
  private final long limit;
  private final long window;
  private final int shift;       // scales W below 2^32 so counts × time fit in a long
  private final long w;          // window >> shift
  private final int bits;        // bits per count
  private final long countMask;
  private final int idxBits;
  private final int idxShift;    // 64 - idxBits
  private final long idxMask;
  private final long refreshWindows;
  private final long staleWindows;
  @SuppressWarnings("unused")
  private volatile long state;
  private volatile long touched; // a window number at or shortly before the stored one

  private SlidingWindowCounter(long limit, long windowNanos, Ticker ticker) {
    super(ticker);
    if (limit < 1 || limit > (1L << 26)) {
      throw LimitConfigException.argument("limit", "1 to 2^26 permits per window", limit);
    }
    if (windowNanos < 1) {
      throw LimitConfigException.argument("window", "a positive duration", windowNanos + "ns");
    }
    this.origin = ticker.read();
    this.limit = limit;
    this.window = windowNanos;
    this.shift = Math.max(0, 64 - Long.numberOfLeadingZeros(windowNanos) - 32);
    this.w = windowNanos >> shift;
    this.bits = 64 - Long.numberOfLeadingZeros(limit);
    this.countMask = (1L << bits) - 1;
    this.idxBits = 63 - 2 * bits;
    this.idxShift = 64 - idxBits;
    this.idxMask = (1L << idxBits) - 1;
    this.refreshWindows = 1L << (idxBits - 3);
    this.staleWindows = 1L << (idxBits - 1);
    this.state = 0;
    this.touched = 0;
  }

  public static SlidingWindowCounter of(long limit, Duration window) {
    return of(limit, window, Ticker.system());
  }

  public static SlidingWindowCounter of(long limit, Duration window, Ticker ticker) {
    return new SlidingWindowCounter(limit, window.toNanos(), ticker);
  }

  @Override
  public long limit() {
    return limit;
  }

  private long pack(long k, long prev, long curr) {
    return ((k & idxMask) << (2 * bits)) | (prev << bits) | curr;
  }

  /** Window number, previous and current counts as seen at window {@code k}, packed back (no write). */
  private long view(long s, long k) {
    if (k - touched >= staleWindows) {
      return pack(k, 0, 0);
    }
    long idx = s >>> (2 * bits);
    long dk = ((k - idx) << idxShift) >> idxShift;
    if (dk <= 0) {
      return s; // same window, or a racing caller already moved on: judge by the newer state
    }
    long curr = s & countMask;
    return dk == 1 ? pack(k, curr, 0) : pack(k, 0, 0);
  }

  /** Elapsed part of window, scaled; 0 when the state belongs to a later window than {@code k}. */
  private long elapsedScaled(long v, long k, long e) {
    long idx = v >>> (2 * bits);
    if (((idx - k) & idxMask) != 0) {
      return 0;
    }
    return (e - k * window) >> shift;
  }

  /** prev·(w − t) + (curr + n)·w ≤ limit·w. */
  private boolean fits(long prev, long curr, long t, long n) {
    return prev * (w - t) + (curr + n) * w <= limit * w;
  }

  @Override
  long reserveAt(long now, long permits, long maxWaitNanos) {
    if (permits > limit) {
      return Long.MIN_VALUE;
    }
    long e = now - origin;
    long k = Math.floorDiv(e, window);
    while (true) {
      long s = (long) STATE.getVolatile(this);
      long v = view(s, k);
      long prev = (v >>> bits) & countMask;
      long curr = v & countMask;
      long t = elapsedScaled(v, k, e);
      if (!fits(prev, curr, t, permits)) {
        return refusal(retry(prev, curr, t, permits));
      }
      if (STATE.compareAndSet(this, s, v + permits)) {
        if (k - touched >= refreshWindows) {
          touched = k;
        }
        return 0;
      }
    }
  }

  /** Nanoseconds until {@code n} more would fit, if nothing else happens. */
  private long retry(long prev, long curr, long t, long n) {
    if (curr + n <= limit) {
      // within this window once prev's weight has dropped: prev·(w − t2) ≤ (limit − curr − n)·w
      long t2 = w - (limit - curr - n) * w / prev;
      return Math.max(1, (t2 - t) << shift);
    }
    // next window: curr becomes prev
    long t2 = curr == 0 ? 0 : w - (limit - n) * w / curr;
    return Math.max(1, ((w - t) + t2) << shift);
  }

  @Override
  Decision decideAt(long now, long permits) {
    long r = reserveAt(now, permits, 0);
    long e = now - origin;
    long k = Math.floorDiv(e, window);
    long v = view((long) STATE.getVolatile(this), k);
    long prev = (v >>> bits) & countMask;
    long curr = v & countMask;
    long t = elapsedScaled(v, k, e);
    long remaining = Math.max(0, (limit * w - prev * (w - t)) / w - curr);
    long intoWindow = e - k * window;
    long reset = curr > 0 ? 2 * window - intoWindow : prev > 0 ? window - intoWindow : 0;
    if (r >= 0) {
      return Decision.passed(permits, remaining, limit, reset);
    }
    return Decision.rejected(permits, remaining, limit, retryAfterOf(r), reset);
  }

  @Override
  long nanosToWaitAt(long now, long permits) {
    if (permits > limit) {
      return NEVER;
    }
    long e = now - origin;
    long k = Math.floorDiv(e, window);
    long v = view((long) STATE.getVolatile(this), k);
    long prev = (v >>> bits) & countMask;
    long curr = v & countMask;
    long t = elapsedScaled(v, k, e);
    return fits(prev, curr, t, permits) ? 0 : retry(prev, curr, t, permits);
  }

  @Override
  boolean atRest(long now) {
    long k = Math.floorDiv(now - origin, window);
    long v = view((long) STATE.getVolatile(this), k);
    return (v & ((1L << (2 * bits)) - 1)) == 0;
  }

  @Override
  public String toString() {
    return "SlidingWindowCounter[" + limit + " per " + Duration.ofNanos(window) + "]";
  }
}
