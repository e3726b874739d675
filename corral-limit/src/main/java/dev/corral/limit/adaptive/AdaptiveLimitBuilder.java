package dev.corral.limit.adaptive;

import dev.corral.limit.LimitConfigException;

/**
 * The bounds every {@link AdaptiveLimit} has: the limit it starts at and the range it moves in, checked together by
 * {@code build()} (1 ≤ min ≤ initial ≤ max). Each limit's builder adds its own parameters. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class AdaptiveLimitBuilder<B extends AdaptiveLimitBuilder<B>> {
  int initialLimit;
  int minLimit;
  int maxLimit;

  AdaptiveLimitBuilder(int initialLimit, int minLimit, int maxLimit) {
    this.initialLimit = initialLimit;
    this.minLimit = minLimit;
    this.maxLimit = maxLimit;
  }

  /** The limit before any sample. */
  public B initialLimit(int initialLimit) {
    this.initialLimit = initialLimit;
    return self();
  }

  /** The lowest the limit goes, at least 1. */
  public B minLimit(int minLimit) {
    this.minLimit = minLimit;
    return self();
  }

  /** The highest the limit goes. */
  public B maxLimit(int maxLimit) {
    this.maxLimit = maxLimit;
    return self();
  }

  abstract B self();

  /** @throws LimitConfigException naming the bound that is out of order */
  void checkBounds() {
    if (minLimit < 1) {
      throw LimitConfigException.argument("minLimit", "at least 1", minLimit);
    }
    if (maxLimit < minLimit) {
      throw LimitConfigException.argument("maxLimit", "at least minLimit (" + minLimit + ")", maxLimit);
    }
    if (initialLimit < minLimit || initialLimit > maxLimit) {
      throw LimitConfigException.argument("initialLimit", "between minLimit (" + minLimit + ") and maxLimit ("
          + maxLimit + ")", initialLimit);
    }
  }

  /** A smoothing weight: the share of a new estimate in the next limit, in (0, 1]. */
  static double checkSmoothing(double smoothing) {
    if (!(smoothing > 0 && smoothing <= 1)) {
      throw LimitConfigException.argument("smoothing", "a number in (0, 1]", smoothing);
    }
    return smoothing;
  }
}
