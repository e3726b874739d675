package dev.corral.limit.adaptive;

import dev.corral.limit.LimitConfigException;
import java.time.Duration;

/**
 * Additive increase, multiplicative decrease (Netflix {@code AIMDLimit} behaviour): +1 when a sample completes
 * while at least half the limit was in use; × {@code backoffRatio} on a drop or when the sample took longer than
 * {@code timeout}. Defaults as Netflix: initial 20, min 20, max 200, backoff 0.9, timeout 5 s.
 */
public final class AimdLimit implements AdaptiveLimit {

  private final int minLimit;
  private final int maxLimit;
  private final double backoffRatio;
  private final long timeoutNanos;
  private volatile int limit;

  private AimdLimit(Builder b) {
    this.minLimit = b.minLimit;
    this.maxLimit = b.maxLimit;
    this.backoffRatio = b.backoffRatio;
    this.timeoutNanos = b.timeoutNanos;
    this.limit = b.initialLimit;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public int limit() {
    return limit;
  }

  @Override
  public synchronized void onSample(long startNanos, long rttNanos, int inflight, boolean didDrop) {
    int current = limit;
    if (didDrop || rttNanos > timeoutNanos) {
      current = (int) (current * backoffRatio);
    } else if (inflight * 2 >= current) {
      current = current + 1;
    }
    limit = Math.min(maxLimit, Math.max(minLimit, current));
  }

  @Override
  public String toString() {
    return "AimdLimit[" + limit + "]";
  }

  /** Builds an {@link AimdLimit}; every setting has Netflix's default. Not thread-safe. */
  public static final class Builder extends AdaptiveLimitBuilder<Builder> {
    private double backoffRatio = 0.9;
    private long timeoutNanos = Duration.ofSeconds(5).toNanos();

    private Builder() {
      super(20, 20, 200);
    }

    /** Multiplier on a drop, in [0.5, 1). */
    public Builder backoffRatio(double v) {
      if (!(v >= 0.5 && v < 1.0)) {
        throw LimitConfigException.argument("backoffRatio", "a number in [0.5, 1)", v);
      }
      this.backoffRatio = v;
      return this;
    }

    /** A sample slower than this counts as a drop; default 5 s. */
    public Builder timeout(Duration t) {
      if (t == null || t.isNegative() || t.isZero()) {
        throw LimitConfigException.argument("timeout", "a positive duration", t);
      }
      this.timeoutNanos = t.toNanos();
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    /** @throws LimitConfigException if the bounds are out of order */
    public AimdLimit build() {
      checkBounds();
      return new AimdLimit(this);
    }
  }
}
