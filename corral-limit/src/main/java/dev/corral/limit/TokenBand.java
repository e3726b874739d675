package dev.corral.limit;

import static dev.corral.limit.LocalRateLimiter.refusal;
import static dev.corral.limit.LocalRateLimiter.satMul;

import java.lang.invoke.VarHandle;

/**
 * One bandwidth's arithmetic.
 * <ul>
 *   <li>greedy: GCRA form in scaled time {@code u = elapsed · R} (R, P reduced by their gcd): the state is the
 *       scaled time at which the bucket was empty; a token costs {@code P}; full is {@code u − C·P}. Exact, no
 *       division on the hot path; differences are taken modulo 2^64 (guarded against wrap by the owner's
 *       {@code touched}).</li>
 *   <li>interval: tokens ever consumed {@code d}; credit {@code floor(elapsed / P) · R}; tokens
 *       {@code min(C, credit − d)}.</li>
 * </ul>
 */
final class TokenBand {
  /** The largest scaled span (capacity × reduced period) a greedy band accepts, so sums of spans cannot wrap. */
  static final long MAX_SPAN = 1L << 59;

  final Bandwidth config;
  final long capacity;
  final long initial;
  final boolean greedy;
  final long tokens;   // R (reduced for greedy)
  final long period;   // P (reduced for greedy)
  final long span;     // greedy: C·P

  TokenBand(Bandwidth c) {
    this.config = c;
    this.capacity = c.capacity();
    this.initial = c.initialTokens();
    this.greedy = c.greedy();
    long r = c.refillTokens();
    long p = c.refillPeriodNanos();
    if (greedy) {
      long g = gcd(r, p);
      r /= g;
      p /= g;
      if (satMul(capacity, p) > MAX_SPAN) {
        throw LimitConfigException.argument("capacity", "capacity × period / tokens (reduced) within "
            + "2^59 (e.g. at most 18 years to refill at 1 token per ns granularity)", capacity);
      }
      this.span = capacity * p;
    } else {
      this.span = 0;
    }
    this.tokens = r;
    this.period = p;
  }

  /** The state of a bucket created at {@code e} with its initial tokens. */
  long initialState(long e) {
    return greedy ? e * tokens - initial * period : credit(e) - initial;
  }

  // -- greedy (scaled GCRA) --

  private long base(long cur, long u, boolean stale) {
    long f = u - span;
    return stale || cur - f < 0 ? f : cur;
  }

  // -- interval (consumed counter) --

  long credit(long e) {
    return satMul2(Math.floorDiv(e, period), tokens);
  }

  long timeFor(long target) {
    return satMul2(-Math.floorDiv(-target, tokens), period);
  }

  // -- both --

  long take(Object holder, VarHandle h, long e, boolean stale, long n, long maxWait) {
    return greedy ? takeGreedy(holder, h, -1, e, stale, n, maxWait) : takeInterval(holder, h, -1, e, n, maxWait);
  }

  long take(long[] arr, VarHandle h, int i, long e, boolean stale, long n, long maxWait) {
    return greedy ? takeGreedy(arr, h, i, e, stale, n, maxWait) : takeInterval(arr, h, i, e, n, maxWait);
  }

  private static long get(Object holder, VarHandle h, int i) {
    return i < 0 ? (long) h.getVolatile(holder) : (long) h.getVolatile((long[]) holder, i);
  }

  private static boolean cas(Object holder, VarHandle h, int i, long expect, long update) {
    return i < 0 ? h.compareAndSet(holder, expect, update) : h.compareAndSet((long[]) holder, i, expect, update);
  }

  private long takeGreedy(Object holder, VarHandle h, int i, long e, boolean stale, long n, long maxWait) {
    long u = e * tokens;
    long cost = n * period;
    while (true) {
      long cur = get(holder, h, i);
      long next = base(cur, u, stale) + cost;
      long ahead = next - u;
      long wait = ahead <= 0 ? 0 : Math.ceilDiv(ahead, tokens);
      if (wait > maxWait || ahead > MAX_SPAN) {
        return refusal(wait);
      }
      if (cas(holder, h, i, cur, next)) {
        return wait;
      }
    }
  }

  private long takeInterval(Object holder, VarHandle h, int i, long e, long n, long maxWait) {
    long cr = credit(e);
    long floor = cr - capacity;
    while (true) {
      long cur = get(holder, h, i);
      long next = Math.max(cur, floor) + n;
      long wait = next <= cr ? 0 : timeFor(next) - e;
      if (wait > maxWait) {
        return refusal(wait);
      }
      if (cas(holder, h, i, cur, next)) {
        return wait;
      }
    }
  }

  void giveBack(long[] arr, VarHandle h, int i, long n) {
    h.getAndAdd(arr, i, greedy ? -n * period : -n);
  }

  long tokens(long cur, long e, boolean stale) {
    if (greedy) {
      long u = e * tokens;
      return Math.min(capacity, Math.floorDiv(u - base(cur, u, stale), period));
    }
    return Math.min(capacity, credit(e) - cur);
  }

  long waitFor(long cur, long e, boolean stale, long n) {
    if (greedy) {
      long u = e * tokens;
      long ahead = base(cur, u, stale) + n * period - u;
      return ahead <= 0 ? 0 : Math.ceilDiv(ahead, tokens);
    }
    long cr = credit(e);
    long next = Math.max(cur, cr - capacity) + n;
    return next <= cr ? 0 : Math.max(0, timeFor(next) - e);
  }

  long untilFull(long cur, long e, boolean stale) {
    if (greedy) {
      long u = e * tokens;
      long ahead = base(cur, u, stale) + span - u;
      return ahead <= 0 ? 0 : Math.ceilDiv(ahead, tokens);
    }
    long cr = credit(e);
    if (cr - cur >= capacity) {
      return 0;
    }
    return Math.max(0, timeFor(cur + capacity) - e);
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** Signed multiply saturating to ±(2^62). */
  static long satMul2(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if ((hi == 0 && lo >= 0 && lo <= (1L << 62)) || (hi == -1 && lo < 0 && lo >= -(1L << 62))) {
      return lo;
    }
    return (hi < 0) ? -(1L << 62) : (1L << 62);
  }
}
