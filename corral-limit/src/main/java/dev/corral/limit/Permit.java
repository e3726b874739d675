package dev.corral.limit;

/**
 * One admitted unit of in-flight work from a {@link ConcurrencyLimiter}. Release it exactly when the work ends,
 * preferably with try-with-resources. Release is idempotent: the second and later calls do nothing, so a permit
 * is never released twice.
 *
 * <p>For adaptive limiters the way the work ended is a latency sample: {@link #onSuccess()} (the default of
 * {@link #close()}), {@link #onIgnore()} (no sample, e.g. the request failed before reaching the protected
 * resource) or {@link #onDropped()} (timed out or was rejected downstream: a congestion signal).
 */
public interface Permit extends AutoCloseable {

  /** Releases the permit, recording a successful completion. */
  void onSuccess();

  /** Releases the permit without recording a latency sample. */
  default void onIgnore() {
    onSuccess();
  }

  /** Releases the permit, recording that the work was dropped (timeout, overload). */
  default void onDropped() {
    onSuccess();
  }

  /** {@link #onSuccess()}. */
  default void release() {
    onSuccess();
  }

  /** {@link #onSuccess()}; never throws. */
  @Override
  default void close() {
    onSuccess();
  }
}
