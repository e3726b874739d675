package dev.corral.limit.adaptive;

import dev.corral.limit.LimitConfigException;

/**
 * Gradient limit (Netflix {@code Gradient2Limit} behaviour): compares a long-term RTT (exponential average over
 * {@code longWindow} samples, after a 10-sample warm-up average) with the current one:
 * <pre>
 * gradient = clamp(0.5, 1.0, tolerance · longRtt / shortRtt)
 * newLimit = limit · gradient + queueSize
 * limit    = clamp(min, max, limit · (1 − smoothing) + newLimit · smoothing)
 * </pre>
 * When the long RTT exceeds twice the short one (load has dropped after a long overload) it is decayed by 5% per
 * sample to recover faster. No change while less than half the limit is in flight.
 * Defaults: initial 20, min 20, max 200, smoothing 0.2, queueSize 4, longWindow 600, tolerance 1.5.
 */
public final class Gradient2Limit implements AdaptiveLimit {

  private final int minLimit;
  private final int maxLimit;
  private final double smoothing;
  private final int queueSize;
  private final double tolerance;
  private final int longWindow;
  private static final int WARMUP = 10;
  private double estimatedLimit;
  private double longRtt;
  private double sum;
  private int count;
  private volatile int limit;

  private Gradient2Limit(Builder b) {
    this.minLimit = b.minLimit;
    this.maxLimit = b.maxLimit;
    this.smoothing = b.smoothing;
    this.queueSize = b.queueSize;
    this.tolerance = b.tolerance;
    this.longWindow = b.longWindow;
    this.estimatedLimit = b.initialLimit;
    this.limit = b.initialLimit;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public int limit() {
    return limit;
  }

  /** The long-term RTT average in nanoseconds. */
  public synchronized double longRttNanos() {
    return longRtt;
  }

  private double addLong(double sample) {
    if (count < WARMUP) {
      count++;
      sum += sample;
      longRtt = sum / count;
    } else {
      double factor = 2.0 / (longWindow + 1);
      longRtt = longRtt * (1 - factor) + sample * factor;
    }
    return longRtt;
  }

  @Override
  public synchronized void onSample(long startNanos, long rtt, int inflight, boolean didDrop) {
    if (rtt <= 0) {
      return;
    }
    double shortRtt = rtt;
    double lr = addLong(shortRtt);
    if (lr / shortRtt > 2) {
      longRtt = longRtt * 0.95;
    }
    if (inflight < estimatedLimit / 2) {
      return;
    }
    double gradient = Math.max(0.5, Math.min(1.0, tolerance * lr / shortRtt));
    double newLimit = estimatedLimit * gradient + queueSize;
    newLimit = estimatedLimit * (1 - smoothing) + newLimit * smoothing;
    newLimit = Math.max(minLimit, Math.min(maxLimit, newLimit));
    estimatedLimit = newLimit;
    limit = Math.max(1, (int) newLimit);
  }

  @Override
  public String toString() {
    return "Gradient2Limit[" + limit + "]";
  }

  /** Builds a {@link Gradient2Limit}; every setting has Netflix's default. Not thread-safe. */
  public static final class Builder extends AdaptiveLimitBuilder<Builder> {
    private double smoothing = 0.2;
    private int queueSize = 4;
    private double tolerance = 1.5;
    private int longWindow = 600;

    private Builder() {
      super(20, 20, 200);
    }

    /** Weight of the new estimate, in (0, 1]; default 0.2. */
    public Builder smoothing(double v) {
      this.smoothing = checkSmoothing(v);
      return this;
    }

    /** Added to the scaled limit each sample, so the limit can grow; default 4. */
    public Builder queueSize(int v) {
      if (v < 0) {
        throw LimitConfigException.argument("queueSize", "a non-negative number", v);
      }
      this.queueSize = v;
      return this;
    }

    /** How much RTT growth is tolerated before shrinking, ≥ 1 (default 1.5). */
    public Builder rttTolerance(double v) {
      if (!(v >= 1.0)) {
        throw LimitConfigException.argument("rttTolerance", "a number >= 1", v);
      }
      this.tolerance = v;
      return this;
    }

    /** Samples in the long-term RTT average; default 600. */
    public Builder longWindow(int v) {
      if (v < 1) {
        throw LimitConfigException.argument("longWindow", "at least 1 sample", v);
      }
      this.longWindow = v;
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    /** @throws LimitConfigException if the bounds are out of order */
    public Gradient2Limit build() {
      checkBounds();
      return new Gradient2Limit(this);
    }
  }
}
