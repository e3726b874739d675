package dev.corral.limit;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One in-flight cap per key: nginx's {@code limit_conn_zone $binary_remote_addr zone=addr:10m; limit_conn addr 10}.
 * A key's state exists only while it has permits in flight.
 *
 * @param <K> key type, with value-based {@code equals}/{@code hashCode}
 */
public interface KeyedConcurrencyLimiter<K> {

  /** A permit for {@code key}, or {@code null} if the key is at its cap (or no room is left for new keys). */
  Permit tryAcquire(K key);

  /** Waits up to {@code timeout}; {@code null} on timeout. */
  Permit acquire(K key, Duration timeout) throws InterruptedException;

  /** Completes with a permit, or exceptionally with {@link RateLimitedException} after {@code timeout}. */
  CompletionStage<Permit> acquireAsync(K key, Duration timeout);

  /** Permits in flight for {@code key}. */
  int inFlight(K key);

  /** The cap per key. */
  int limit();
}
