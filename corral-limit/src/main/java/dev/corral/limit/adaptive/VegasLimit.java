package dev.corral.limit.adaptive;

import dev.corral.limit.LimitConfigException;
import java.util.SplittableRandom;

/**
 * TCP-Vegas-style limit (Netflix {@code VegasLimit} behaviour). Estimates the queue from the no-load RTT (the
 * minimum seen): {@code queue = ceil(limit · (1 − rtt_noload / rtt))}, then
 * <ul>
 *   <li>any drop: {@code limit − log10(limit)};</li>
 *   <li>less than half the limit in flight: no change (no growth while app-limited);</li>
 *   <li>{@code queue ≤ log10(limit)}: {@code + beta} (6·log10); {@code queue < alpha} (3·log10): {@code + log10};
 *       {@code queue > beta}: {@code − log10}; else unchanged;</li>
 *   <li>then clamped to [minLimit, maxLimit] and smoothed.</li>
 * </ul>
 * The no-load RTT is re-probed (reset to the current sample) every {@code probeMultiplier × limit} samples
 * (jittered ×0.5–1), so it follows a slower service. Defaults: initial 20, min 1, max 1000, smoothing 1.0, probe 30.
 */
public final class VegasLimit implements AdaptiveLimit {

  private final int minLimit;
  private final int maxLimit;
  private final double smoothing;
  private final int probeMultiplier;
  private final SplittableRandom random;
  private double estimatedLimit;
  private long rttNoLoad;
  private long probeCount;
  private double probeJitter;
  private volatile int limit;

  private VegasLimit(Builder b) {
    this.minLimit = b.minLimit;
    this.maxLimit = b.maxLimit;
    this.smoothing = b.smoothing;
    this.probeMultiplier = b.probeMultiplier;
    this.random = new SplittableRandom(b.seed);
    this.estimatedLimit = b.initialLimit;
    this.limit = b.initialLimit;
    resetProbeJitter();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public int limit() {
    return limit;
  }

  /** The no-load RTT estimate in nanoseconds (0 before the first sample). */
  public synchronized long rttNoLoadNanos() {
    return rttNoLoad;
  }

  private void resetProbeJitter() {
    probeJitter = 0.5 + random.nextDouble() * 0.5;
  }

  private boolean shouldProbe() {
    return probeJitter * probeMultiplier * estimatedLimit <= probeCount;
  }

  @Override
  public synchronized void onSample(long startNanos, long rtt, int inflight, boolean didDrop) {
    if (rtt <= 0) {
      return;
    }
    probeCount++;
    if (shouldProbe()) {
      resetProbeJitter();
      probeCount = 0;
      rttNoLoad = rtt;
      return;
    }
    if (rttNoLoad == 0 || rtt < rttNoLoad) {
      rttNoLoad = rtt;
      return;
    }
    update(rtt, inflight, didDrop);
  }

  private void update(long rtt, int inflight, boolean didDrop) {
    int queueSize = (int) Math.ceil(estimatedLimit * (1 - (double) rttNoLoad / rtt));
    double newLimit;
    if (didDrop) {
      newLimit = estimatedLimit - Limits.log10((int) estimatedLimit);
    } else if (inflight * 2 < estimatedLimit) {
      return;
    } else {
      int current = (int) estimatedLimit;
      int alpha = 3 * Limits.log10(current);
      int beta = 6 * Limits.log10(current);
      int threshold = Limits.log10(current);
      if (queueSize <= threshold) {
        newLimit = estimatedLimit + beta;
      } else if (queueSize < alpha) {
        newLimit = estimatedLimit + Limits.log10(current);
      } else if (queueSize > beta) {
        newLimit = estimatedLimit - Limits.log10(current);
      } else {
        return;
      }
    }
    newLimit = Math.max(minLimit, Math.min(maxLimit, newLimit));
    newLimit = (1 - smoothing) * estimatedLimit + smoothing * newLimit;
    estimatedLimit = newLimit;
    limit = Math.max(1, (int) newLimit);
  }

  @Override
  public String toString() {
    return "VegasLimit[" + limit + "]";
  }

  /** Builds a {@link VegasLimit}; every setting has Netflix's default (min 1). Not thread-safe. */
  public static final class Builder extends AdaptiveLimitBuilder<Builder> {
    private double smoothing = 1.0;
    private int probeMultiplier = 30;
    private long seed = System.nanoTime();

    private Builder() {
      super(20, 1, 1000);
    }

    /** Weight of the new estimate, in (0, 1]; default 1 (no smoothing). */
    public Builder smoothing(double v) {
      this.smoothing = checkSmoothing(v);
      return this;
    }

    /** The no-load RTT is re-probed every {@code probeMultiplier × limit} samples (jittered); default 30. */
    public Builder probeMultiplier(int v) {
      if (v < 1) {
        throw LimitConfigException.argument("probeMultiplier", "at least 1", v);
      }
      this.probeMultiplier = v;
      return this;
    }

    /** Seed of the probe jitter (for reproducible tests). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    /** @throws LimitConfigException if the bounds are out of order */
    public VegasLimit build() {
      checkBounds();
      return new VegasLimit(this);
    }
  }
}
