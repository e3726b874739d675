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

  public static final class Builder {
    private int initialLimit = 20;
    private int minLimit = 20;
    private int maxLimit = 200;
    private double backoffRatio = 0.9;
    private long timeoutNanos = Duration.ofSeconds(5).toNanos();

    private Builder() {
    }

    public Builder initialLimit(int v) {
      this.initialLimit = v;
      return this;
    }

    public Builder minLimit(int v) {
      this.minLimit = v;
      return this;
    }

    public Builder maxLimit(int v) {
      this.maxLimit = v;
      return this;
    }

    /** Multiplier on a drop, in [0.5, 1). */
    public Builder backoffRatio(double v) {
      if (!(v >= 0.5 && v < 1.0)) {
        throw LimitConfigException.argument("backoffRatio", "a number in [0.5, 1)", v);
      }
      this.backoffRatio = v;
      return this;
    }

    public Builder timeout(Duration t) {
      this.timeoutNanos = t.toNanos();
      return this;
    }

    public AimdLimit build() {
      Limits.check(minLimit, initialLimit, maxLimit);
      return new AimdLimit(this);
    }
  }
}
