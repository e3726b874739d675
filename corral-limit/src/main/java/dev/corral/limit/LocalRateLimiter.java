package dev.corral.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Base of the in-process limiters: reads the injected {@link Ticker} once per call and hands the time to the
 * algorithm. Not extensible outside this package; use {@link RateLimiter} for your own implementations.
 *
 * <p>Internal protocol: {@code reserveAt} returns a wait (≥ 0) when granted, or {@code -1 - retryAfterNanos}
 * ({@code Long.MIN_VALUE} for never) when refused, so the boolean path allocates nothing.
 */
public abstract class LocalRateLimiter implements RateLimiter {

  static final long NEVER = Decision.NEVER;
  private static final VarHandle LAST_USED;

  static {
    try {
      LAST_USED = MethodHandles.lookup().findVarHandle(LocalRateLimiter.class, "lastUsed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Ticker ticker;
  /** Last time a keyed limiter looked this one up (for idle expiry); unused for standalone limiters. */
  @SuppressWarnings("unused")
  private volatile long lastUsed;

  LocalRateLimiter(Ticker ticker) {
    if (ticker == null) {
      throw new NullPointerException("ticker");
    }
    this.ticker = ticker;
  }

  @Override
  public final boolean tryAcquire() {
    return tryAcquireAt(ticker.read(), 1);
  }

  @Override
  public final boolean tryAcquire(long permits) {
    checkPermits(permits);
    return tryAcquireAt(ticker.read(), permits);
  }

  @Override
  public final Decision decide(long permits) {
    checkPermits(permits);
    return decideAt(ticker.read(), permits);
  }

  @Override
  public final long reserve(long permits, long maxWaitNanos) {
    checkPermits(permits);
    long r = reserveAt(ticker.read(), permits, Math.max(0, maxWaitNanos));
    return r >= 0 ? r : REJECTED;
  }

  @Override
  public final long nanosToWait(long permits) {
    checkPermits(permits);
    return nanosToWaitAt(ticker.read(), permits);
  }

  @Override
  public final Ticker ticker() {
    return ticker;
  }

  // ---- the algorithm, at a given time ---------------------------------------------------------------------

  /** {@code reserveAt(now, permits, 0) == 0}, usually specialised. */
  boolean tryAcquireAt(long now, long permits) {
    return reserveAt(now, permits, 0) == 0;
  }

  /** Wait (≥ 0) when granted; {@link #refusal(long)} of the retry-after when refused (state unchanged). */
  abstract long reserveAt(long now, long permits, long maxWaitNanos);

  abstract Decision decideAt(long now, long permits);

  /** 0 if available now, else the wait, {@link #NEVER} if never. */
  abstract long nanosToWaitAt(long now, long permits);

  /**
   * A fresh limiter created at {@code now} sharing this one's configuration (and memory for it), compact (no
   * padding against false sharing): what a keyed map stores per key. Null if this algorithm cannot share; the
   * map then builds limiters from its factory.
   */
  LocalRateLimiter sibling(long now) {
    return null;
  }

  /** True if at {@code now} this limiter is indistinguishable from a new one (so a keyed map may drop it). */
  abstract boolean atRest(long now);

  // ---- keyed-map bookkeeping ------------------------------------------------------------------------------

  final long lastUsed() {
    return (long) LAST_USED.getOpaque(this);
  }

  /** Records a use at {@code now}, writing only when the stored value is older than {@code granularity}. */
  final void touch(long now, long granularity) {
    long prev = (long) LAST_USED.getOpaque(this);
    if (now - prev > granularity) {
      LAST_USED.setOpaque(this, now);
    }
  }

  final void initLastUsed(long now) {
    LAST_USED.setOpaque(this, now);
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  /** Spins a little after a lost CAS, doubling up to 64 pauses: contending callers stop bouncing the line. */
  static int backOff(int spins) {
    for (int i = 0; i < spins; i++) {
      Thread.onSpinWait();
    }
    return Math.min(spins << 1, 64);
  }

  static long refusal(long retryAfterNanos) {
    return retryAfterNanos >= NEVER ? Long.MIN_VALUE : -1 - Math.max(0, retryAfterNanos);
  }

  static long retryAfterOf(long refusal) {
    return refusal == Long.MIN_VALUE ? NEVER : -1 - refusal;
  }

  static void checkPermits(long permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be >= 1, got " + permits);
    }
  }

  /** a * b, saturating at {@code Long.MAX_VALUE} (both non-negative). */
  static long satMul(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi != 0 || lo < 0) ? Long.MAX_VALUE : lo;
  }

  /** a + b, saturating at {@code Long.MAX_VALUE} (both non-negative). */
  static long satAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
