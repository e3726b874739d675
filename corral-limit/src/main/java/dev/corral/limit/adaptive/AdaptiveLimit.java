package dev.corral.limit.adaptive;

/**
 * A concurrency limit learned from samples of completed work (as Netflix concurrency-limits' {@code Limit}):
 * {@link AimdLimit}, {@link VegasLimit}, {@link Gradient2Limit}. Used by
 * {@link dev.corral.limit.InFlightLimiter#adaptive(AdaptiveLimit)}, which feeds it one sample per released permit.
 *
 * <p>Implementations are thread safe; {@link #limit()} is a cheap volatile read.
 */
public interface AdaptiveLimit {

  /** The current limit, at least 1. */
  int limit();

  /**
   * One completed unit of work.
   *
   * @param startNanos when it was admitted (ticker time)
   * @param rttNanos   how long it took
   * @param inflight   permits in flight when it was admitted (including itself)
   * @param didDrop    it was dropped (timeout, overload): a congestion signal
   */
  void onSample(long startNanos, long rttNanos, int inflight, boolean didDrop);
}
