package dev.corral.limit;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A token bucket with warm-up, computing exactly what Guava's {@code RateLimiter.create(permitsPerSecond,
 * warmupPeriod)} ({@code SmoothWarmingUp}) computes, on the injected ticker and without a lock.
 *
 * <p>Stored permits (earned while idle, up to {@code maxPermits}) cost more than fresh ones: above
 * {@code thresholdPermits = 0.5 · warmup / stableInterval} the cost rises linearly from the stable interval to
 * {@code coldFactor × stableInterval}; {@code maxPermits = threshold + 2 · warmup / (stable + cold)}. It starts
 * cold. As in Guava, a grant moves the "next free" time forward by the cost of the permits it took, so the
 * <em>next</em> caller pays for a large request ({@link #tryAcquire} is true whenever the next free time has
 * come). Guava's microsecond resolution and floating point are kept so the results are the same.
 *
 * <p>Built with {@link TokenBucket.Builder#warmUp}. Unlike the other limiters this one allocates a small state
 * object per granted request (its state is a pair of a time and a fractional permit count).
 */
public final class WarmingTokenBucket extends LocalRateLimiter {

  private record State(long nextFreeMicros, double storedPermits) {
  }

  private final long origin;
  private final double stableIntervalMicros;
  private final long warmupPeriodMicros;
  private final double thresholdPermits;
  private final double maxPermits;
  private final double slope;
  private final double coolDownIntervalMicros;
  private final AtomicReference<State> state;

  WarmingTokenBucket(long tokens, long periodNanos, long warmupNanos, double coldFactor, Ticker ticker) {
    super(ticker);
    this.origin = ticker.read();
    double permitsPerSecond = tokens * 1e9 / periodNanos;
    this.stableIntervalMicros = 1_000_000.0 / permitsPerSecond;
    this.warmupPeriodMicros = warmupNanos / 1000;
    double coldIntervalMicros = stableIntervalMicros * coldFactor;
    this.thresholdPermits = 0.5 * warmupPeriodMicros / stableIntervalMicros;
    this.maxPermits = thresholdPermits + 2.0 * warmupPeriodMicros / (stableIntervalMicros + coldIntervalMicros);
    this.slope = (coldIntervalMicros - stableIntervalMicros) / (maxPermits - thresholdPermits);
    this.coolDownIntervalMicros = warmupPeriodMicros / maxPermits;
    this.state = new AtomicReference<>(new State(0, maxPermits));
  }

  /** Permits per second at full speed. */
  public double stableRate() {
    return 1_000_000.0 / stableIntervalMicros;
  }

  public double maxPermits() {
    return maxPermits;
  }

  public double thresholdPermits() {
    return thresholdPermits;
  }

  @Override
  public long limit() {
    return Math.max(1, (long) maxPermits);
  }

  private long micros(long now) {
    return (now - origin) / 1000;
  }

  private State resync(State s, long nowMicros) {
    if (nowMicros > s.nextFreeMicros) {
      double newPermits = (nowMicros - s.nextFreeMicros) / coolDownIntervalMicros;
      return new State(nowMicros, Math.min(maxPermits, s.storedPermits + newPermits));
    }
    return s;
  }

  private long storedPermitsToWaitTime(double storedPermits, double permitsToTake) {
    double availablePermitsAboveThreshold = storedPermits - thresholdPermits;
    long micros = 0;
    if (availablePermitsAboveThreshold > 0.0) {
      double permitsAboveThresholdToTake = Math.min(availablePermitsAboveThreshold, permitsToTake);
      double length = permitsToTime(availablePermitsAboveThreshold)
          + permitsToTime(availablePermitsAboveThreshold - permitsAboveThresholdToTake);
      micros = (long) (permitsAboveThresholdToTake * length / 2.0);
      permitsToTake -= permitsAboveThresholdToTake;
    }
    micros += (long) (stableIntervalMicros * permitsToTake);
    return micros;
  }

  private double permitsToTime(double permits) {
    return stableIntervalMicros + permits * slope;
  }

  @Override
  long reserveAt(long now, long permits, long maxWaitNanos) {
    long nowMicros = micros(now);
    long timeoutMicros = maxWaitNanos / 1000;
    while (true) {
      State cur = state.get();
      if (cur.nextFreeMicros - timeoutMicros > nowMicros) {
        return refusal(cur.nextFreeMicros * 1000 - (now - origin));
      }
      State s = resync(cur, nowMicros);
      long momentAvailable = s.nextFreeMicros;
      double storedToSpend = Math.min(permits, s.storedPermits);
      double fresh = permits - storedToSpend;
      long waitMicros = storedPermitsToWaitTime(s.storedPermits, storedToSpend)
          + (long) (fresh * stableIntervalMicros);
      State next = new State(satAdd(s.nextFreeMicros, waitMicros), s.storedPermits - storedToSpend);
      if (state.compareAndSet(cur, next)) {
        return Math.max(momentAvailable - nowMicros, 0) * 1000;
      }
    }
  }

  @Override
  Decision decideAt(long now, long permits) {
    long r = reserveAt(now, permits, 0);
    State s = state.get();
    long nowMicros = micros(now);
    long remaining = s.nextFreeMicros <= nowMicros ? Math.max(1, (long) resync(s, nowMicros).storedPermits) : 0;
    if (r >= 0) {
      return Decision.passed(permits, remaining, limit(), resetNanos(s, nowMicros));
    }
    return Decision.rejected(permits, 0, limit(), retryAfterOf(r), resetNanos(s, nowMicros));
  }

  private long resetNanos(State s, long nowMicros) {
    State r = resync(s, nowMicros);
    double missing = maxPermits - r.storedPermits;
    long micros = Math.max(0, r.nextFreeMicros - nowMicros) + (long) Math.ceil(missing * coolDownIntervalMicros);
    return micros * 1000;
  }

  @Override
  long nanosToWaitAt(long now, long permits) {
    return Math.max(0, state.get().nextFreeMicros - micros(now)) * 1000;
  }

  @Override
  boolean atRest(long now) {
    State r = resync(state.get(), micros(now));
    return r.nextFreeMicros <= micros(now) && r.storedPermits >= maxPermits;
  }

  @Override
  public String toString() {
    return "WarmingTokenBucket[stableRate=" + stableRate() + "/s, warmup=" + warmupPeriodMicros + "us]";
  }
}
