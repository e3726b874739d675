package dev.corral.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A token bucket with one or more {@link Bandwidth}s (e.g. 100 per minute <em>and</em> 10 per second), greedy or
 * interval refill, exact integer arithmetic, reservations (tokens may go negative: the caller waits), and no locks.
 *
 * <p>State per bandwidth is one {@code long} updated by CAS:
 * <ul>
 *   <li>greedy: the GCRA form, "the time at which the bucket was empty", in time scaled by the refill tokens so
 *       that rates like 3 per second are exact (no rounding of 333,333,333.3 ns); no division on the hot path;</li>
 *   <li>interval: tokens ever consumed {@code d}, with {@code tokens = min(capacity, credit(elapsed) − d)} where
 *       {@code credit} counts the tokens of every period ended since creation.</li>
 * </ul>
 * A refused request changes nothing. Taking from several bandwidths takes from each in turn and gives back on
 * failure, so a concurrent caller may see fewer tokens for an instant, never more.
 *
 * <p>For Guava-style warm-up use {@link Builder#warmUp(Duration)} (gives a {@link WarmingTokenBucket}).
 */
public final class TokenBucket extends LocalRateLimiter {

  private static final VarHandle ST = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle Z;
  /** Index of the state in a padded cell: 128 bytes of padding either side (a cache-line pair). */
  private static final int PAD = 16;

  static {
    try {
      Z = MethodHandles.lookup().findVarHandle(TokenBucket.class, "z", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Configuration, shared by all the buckets of a keyed limiter. */
  static final class Shape {
    final TokenBand[] bands;
    final long origin;
    final long limit;
    final long staleNanos;
    final long refreshNanos;
    final boolean single;
    final long r1;
    final long p1;
    final long span1;

    Shape(List<Bandwidth> bandwidths, long origin) {
      this.origin = origin;
      this.bands = new TokenBand[bandwidths.size()];
      long min = Long.MAX_VALUE;
      long maxR = 1;
      for (int i = 0; i < bands.length; i++) {
        bands[i] = new TokenBand(bandwidths.get(i));
        min = Math.min(min, bands[i].capacity);
        if (bands[i].greedy) {
          maxR = Math.max(maxR, bands[i].tokens);
        }
      }
      this.limit = min;
      this.staleNanos = (1L << 61) / maxR;
      this.refreshNanos = staleNanos / 4;
      TokenBand b0 = bands[0];
      this.single = bands.length == 1 && b0.greedy;
      this.r1 = b0.tokens;
      this.p1 = b0.period;
      this.span1 = b0.span;
    }
  }

  private final Shape shape;
  /** Single greedy bandwidth, standalone: the state alone in its cache lines (no false sharing). */
  private final long[] cell;
  /** Several bandwidths: one state per band. */
  private final long[] st;
  /** Single greedy bandwidth, keyed (compact): the state inline. */
  @SuppressWarnings("unused")
  private volatile long z;
  /** Last store time (ns since origin), refreshed every {@code refreshNanos}: guards the modular clock. */
  private volatile long touched;

  private TokenBucket(Shape shape, Ticker ticker, long e, boolean padded) {
    super(ticker);
    this.shape = shape;
    TokenBand[] bands = shape.bands;
    this.touched = e;
    if (shape.single) {
      this.st = null;
      long init = bands[0].initialState(e);
      if (padded) {
        this.cell = new long[2 * PAD + 1];
        ST.setVolatile(cell, PAD, init);
      } else {
        this.cell = null;
        Z.setVolatile(this, init);
      }
    } else {
      this.cell = null;
      this.st = new long[bands.length];
      for (int i = 0; i < bands.length; i++) {
        ST.setVolatile(st, i, bands[i].initialState(e));
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One greedy bandwidth: {@code capacity} tokens, refilled at {@code tokens} per {@code period}. */
  public static TokenBucket of(long capacity, long tokens, Duration period) {
    return builder().bandwidth(Bandwidth.greedy(capacity, tokens, period)).build();
  }

  @Override
  LocalRateLimiter sibling(long now) {
    return new TokenBucket(shape, ticker, now - shape.origin, false);
  }

  /** The bandwidths, in the order given. */
  public List<Bandwidth> bandwidths() {
    List<Bandwidth> out = new ArrayList<>(shape.bands.length);
    for (TokenBand b : shape.bands) {
      out.add(b.config);
    }
    return out;
  }

  /** The smallest capacity. */
  @Override
  public long limit() {
    return shape.limit;
  }

  /** Tokens available now (the minimum over bandwidths). */
  public long availableTokens() {
    return remaining(ticker.read() - shape.origin);
  }

  private boolean stale(long e) {
    return e - touched >= shape.staleNanos;
  }

  private void stored(long e) {
    if (e - touched >= shape.refreshNanos) {
      touched = e;
    }
  }

  private long state(int i) {
    if (!shape.single) {
      return (long) ST.getVolatile(st, i);
    }
    long[] c = cell;
    return c != null ? (long) ST.getVolatile(c, PAD) : (long) Z.getVolatile(this);
  }

  // ---- hot path: one greedy bandwidth ----------------------------------------------------------------------------

  @Override
  boolean tryAcquireAt(long now, long permits) {
    Shape sh = shape;
    if (!sh.single) {
      return reserveAt(now, permits, 0) == 0;
    }
    if (permits > sh.limit) {
      return false;
    }
    long e = now - sh.origin;
    long u = e * sh.r1;               // scaled time, modular
    long floor = u - sh.span1;        // the state of a full bucket
    long cost = permits * sh.p1;
    boolean stale = e - touched >= sh.staleNanos;
    long[] c = cell;
    int spins = 1;
    while (true) {
      long cur = c != null ? (long) ST.getVolatile(c, PAD) : (long) Z.getVolatile(this);
      long next = (stale || cur - floor < 0 ? floor : cur) + cost;
      if (next - u > 0) {
        return false;
      }
      if (c != null ? ST.weakCompareAndSet(c, PAD, cur, next) : Z.weakCompareAndSet(this, cur, next)) {
        if (e - touched >= sh.refreshNanos) {
          touched = e;
        }
        return true;
      }
      spins = backOff(spins);
    }
  }

  @Override
  long reserveAt(long now, long permits, long maxWaitNanos) {
    Shape sh = shape;
    if (permits > sh.limit) {
      return Long.MIN_VALUE;
    }
    long e = now - sh.origin;
    boolean stale = stale(e);
    TokenBand[] bands = sh.bands;
    if (sh.single) {
      long[] c = cell;
      long w = c != null ? bands[0].take(c, ST, PAD, e, stale, permits, maxWaitNanos)
          : bands[0].take(this, Z, e, stale, permits, maxWaitNanos);
      if (w >= 0) {
        stored(e);
      }
      return w;
    }
    long maxWait = 0;
    for (int i = 0; i < bands.length; i++) {
      long w = bands[i].take(st, ST, i, e, stale, permits, maxWaitNanos);
      if (w < 0) {
        for (int j = 0; j < i; j++) {
          bands[j].giveBack(st, ST, j, permits);
        }
        return w;
      }
      maxWait = Math.max(maxWait, w);
    }
    stored(e);
    return maxWait;
  }

  @Override
  Decision decideAt(long now, long permits) {
    long r = reserveAt(now, permits, 0);
    long e = now - shape.origin;
    long limit = shape.limit;
    if (r >= 0) {
      return Decision.passed(permits, remaining(e), limit, resetNanos(e));
    }
    return Decision.rejected(permits, remaining(e), limit, retryAfterOf(r), resetNanos(e));
  }

  @Override
  long nanosToWaitAt(long now, long permits) {
    if (permits > shape.limit) {
      return NEVER;
    }
    long e = now - shape.origin;
    boolean stale = stale(e);
    TokenBand[] bands = shape.bands;
    long max = 0;
    for (int i = 0; i < bands.length; i++) {
      max = Math.max(max, bands[i].waitFor(state(i), e, stale, permits));
    }
    return max;
  }

  private long remaining(long e) {
    boolean stale = stale(e);
    TokenBand[] bands = shape.bands;
    long min = Long.MAX_VALUE;
    for (int i = 0; i < bands.length; i++) {
      min = Math.min(min, bands[i].tokens(state(i), e, stale));
    }
    return Math.max(0, min);
  }

  private long resetNanos(long e) {
    boolean stale = stale(e);
    TokenBand[] bands = shape.bands;
    long max = 0;
    for (int i = 0; i < bands.length; i++) {
      max = Math.max(max, bands[i].untilFull(state(i), e, stale));
    }
    return max;
  }

  @Override
  boolean atRest(long now) {
    return resetNanos(now - shape.origin) == 0;
  }

  @Override
  public String toString() {
    return "TokenBucket" + bandwidths();
  }

  /** Builds a {@link TokenBucket} (or, with {@link #warmUp}, a {@link WarmingTokenBucket}). */
  public static final class Builder {
    private final List<Bandwidth> bandwidths = new ArrayList<>();
    private Ticker ticker = Ticker.system();
    private Duration warmup;
    private double coldFactor = 3.0;

    private Builder() {
    }

    /** Adds a bandwidth; a request must get its tokens from every bandwidth. */
    public Builder bandwidth(Bandwidth bandwidth) {
      if (bandwidth == null) {
        throw new NullPointerException("bandwidth");
      }
      bandwidths.add(bandwidth);
      return this;
    }

    /** Adds {@code Bandwidth.greedy(capacity, tokens, period)}. */
    public Builder greedy(long capacity, long tokens, Duration period) {
      return bandwidth(Bandwidth.greedy(capacity, tokens, period));
    }

    /** Adds {@code Bandwidth.intervally(capacity, tokens, period)}. */
    public Builder intervally(long capacity, long tokens, Duration period) {
      return bandwidth(Bandwidth.intervally(capacity, tokens, period));
    }

    public Builder ticker(Ticker ticker) {
      if (ticker == null) {
        throw new NullPointerException("ticker");
      }
      this.ticker = ticker;
      return this;
    }

    /**
     * Guava {@code SmoothWarmingUp} behaviour: after idling the bucket is "cold" and hands out permits slowly,
     * speeding up to the stable rate (the single greedy bandwidth's refill rate) over {@code warmupPeriod}.
     * The bandwidth's capacity is not used: as in Guava, the stored-permit maximum follows from the warm-up
     * period. Cold factor 3, as Guava.
     */
    public Builder warmUp(Duration warmupPeriod) {
      return warmUp(warmupPeriod, 3.0);
    }

    /** {@link #warmUp(Duration)} with a cold factor other than Guava's 3. */
    public Builder warmUp(Duration warmupPeriod, double coldFactor) {
      if (warmupPeriod == null || warmupPeriod.isNegative() || warmupPeriod.isZero()) {
        throw LimitConfigException.argument("warmup", "a positive duration", warmupPeriod);
      }
      if (!(coldFactor > 1.0) || Double.isInfinite(coldFactor)) {
        throw LimitConfigException.argument("cold factor", "a number greater than 1", coldFactor);
      }
      this.warmup = warmupPeriod;
      this.coldFactor = coldFactor;
      return this;
    }

    /** The bucket: a {@link TokenBucket}, or a {@link WarmingTokenBucket} when {@link #warmUp} was set. */
    public LocalRateLimiter buildLimiter() {
      if (warmup != null) {
        if (bandwidths.size() != 1 || !bandwidths.get(0).greedy()) {
          throw LimitConfigException.argument("warmup", "exactly one greedy bandwidth", bandwidths.size()
              + " bandwidth(s)");
        }
        Bandwidth b = bandwidths.get(0);
        return new WarmingTokenBucket(b.refillTokens(), b.refillPeriodNanos(), warmup.toNanos(), coldFactor,
            ticker);
      }
      return build();
    }

    /** A {@link TokenBucket}; fails if {@link #warmUp} was set (use {@link #buildLimiter()}). */
    public TokenBucket build() {
      if (bandwidths.isEmpty()) {
        throw new LimitConfigException("a token bucket needs at least one bandwidth: expected "
            + "bandwidth(Bandwidth.greedy(capacity, tokens, period))", "bandwidth", "a bandwidth");
      }
      if (warmup != null) {
        throw new LimitConfigException("warmUp(...) builds a WarmingTokenBucket: use buildLimiter()",
            "warmup", "buildLimiter()");
      }
      return new TokenBucket(new Shape(List.copyOf(bandwidths), ticker.read()), ticker, 0, true);
    }
  }
}
