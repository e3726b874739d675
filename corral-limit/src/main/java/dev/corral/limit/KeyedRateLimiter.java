package dev.corral.limit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A family of independent limiters of the same configuration, one per key (client IP, API key, user, …):
 * what nginx's {@code limit_req_zone $binary_remote_addr zone=name:10m rate=…} is. A key that was never seen
 * (or whose state expired) starts fresh.
 *
 * <p>The methods mirror {@link RateLimiter}'s, with a key. Implementations bound their memory (a maximum
 * number of keys and idle expiry locally; TTLs in Redis). {@link #forKey(Object)} gives a {@link RateLimiter}
 * view of one key.
 *
 * <p>A backend must implement {@link #decide(Object, long)}, {@link #reserve(Object, long, long)} and
 * {@link #nanosToWait(Object, long)}; remote backends should override the async forms too.
 *
 * @param <K> key type; must have value-based {@code equals}/{@code hashCode} (remote backends also need a
 *            stable {@code toString}, which becomes part of the storage key)
 */
public interface KeyedRateLimiter<K> {

  default boolean tryAcquire(K key) {
    return tryAcquire(key, 1);
  }

  /** {@link RateLimiter#tryAcquire(long)} for {@code key}; local implementations allocate nothing for a known key. */
  default boolean tryAcquire(K key, long permits) {
    return reserve(key, permits, 0) == 0;
  }

  default Decision decide(K key) {
    return decide(key, 1);
  }

  /** {@link RateLimiter#decide(long)} for {@code key}. */
  Decision decide(K key, long permits);

  /** {@link RateLimiter#reserve(long, long)} for {@code key}. */
  long reserve(K key, long permits, long maxWaitNanos);

  /** {@link RateLimiter#nanosToWait(long)} for {@code key}. */
  long nanosToWait(K key, long permits);

  /** {@link RateLimiter#acquire(long, Duration)} for {@code key}. */
  default boolean acquire(K key, long permits, Duration timeout) throws InterruptedException {
    return forKey(key).acquire(permits, timeout);
  }

  /** {@link RateLimiter#decideAsync(long)} for {@code key}; remote backends override it with their native form. */
  default CompletionStage<Decision> decideAsync(K key, long permits) {
    try {
      return CompletableFuture.completedFuture(decide(key, permits));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link RateLimiter#reserveAsync(long, long)} for {@code key}; remote backends override it. */
  default CompletionStage<Long> reserveAsync(K key, long permits, long maxWaitNanos) {
    try {
      return CompletableFuture.completedFuture(reserve(key, permits, maxWaitNanos));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link RateLimiter#nanosToWaitAsync(long)} for {@code key}; remote backends override it. */
  default CompletionStage<Long> nanosToWaitAsync(K key, long permits) {
    try {
      return CompletableFuture.completedFuture(nanosToWait(key, permits));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  default CompletionStage<Boolean> acquireAsync(K key, long permits, Duration timeout) {
    return forKey(key).acquireAsync(permits, timeout);
  }

  /** The nominal limit of each key's limiter. */
  long limit();

  default Ticker ticker() {
    return Ticker.system();
  }

  /**
   * A {@link RateLimiter} view of one key. Cheap to create; every call, the async forms included, goes through
   * this keyed limiter (so a view never holds a key's state alive against expiry, and a remote backend's native
   * async forms are used).
   */
  default RateLimiter forKey(K key) {
    return new KeyView<>(this, key);
  }
}

/** The default {@link KeyedRateLimiter#forKey} view. */
record KeyView<K>(KeyedRateLimiter<K> keyed, K key) implements RateLimiter {
  @Override
  public boolean tryAcquire(long permits) {
    return keyed.tryAcquire(key, permits);
  }

  @Override
  public Decision decide(long permits) {
    return keyed.decide(key, permits);
  }

  @Override
  public long reserve(long permits, long maxWaitNanos) {
    return keyed.reserve(key, permits, maxWaitNanos);
  }

  @Override
  public long nanosToWait(long permits) {
    return keyed.nanosToWait(key, permits);
  }

  @Override
  public CompletionStage<Decision> decideAsync(long permits) {
    return keyed.decideAsync(key, permits);
  }

  @Override
  public CompletionStage<Long> reserveAsync(long permits, long maxWaitNanos) {
    return keyed.reserveAsync(key, permits, maxWaitNanos);
  }

  @Override
  public CompletionStage<Long> nanosToWaitAsync(long permits) {
    return keyed.nanosToWaitAsync(key, permits);
  }

  @Override
  public long limit() {
    return keyed.limit();
  }

  @Override
  public Ticker ticker() {
    return keyed.ticker();
  }
}
