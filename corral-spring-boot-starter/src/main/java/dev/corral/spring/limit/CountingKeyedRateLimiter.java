package dev.corral.spring.limit;

import dev.corral.limit.Decision;
import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A {@link KeyedRateLimiter} that counts the permits its delegate grants and refuses, over all keys; the same
 * rules as {@link CountingRateLimiter}. Thread-safe as the delegate is.
 */
final class CountingKeyedRateLimiter implements KeyedRateLimiter<String> {
  private final KeyedRateLimiter<String> delegate;
  private final PermitCounts counts;

  CountingKeyedRateLimiter(KeyedRateLimiter<String> delegate, PermitCounts counts) {
    this.delegate = delegate;
    this.counts = counts;
  }

  @Override
  public boolean tryAcquire(String key, long permits) {
    boolean ok = delegate.tryAcquire(key, permits);
    counts.count(ok, permits);
    return ok;
  }

  @Override
  public Decision decide(String key, long permits) {
    Decision d = delegate.decide(key, permits);
    counts.count(d.allowed(), permits);
    return d;
  }

  @Override
  public long reserve(String key, long permits, long maxWaitNanos) {
    long wait = delegate.reserve(key, permits, maxWaitNanos);
    counts.count(wait >= 0, permits);
    return wait;
  }

  @Override
  public long nanosToWait(String key, long permits) {
    return delegate.nanosToWait(key, permits);
  }

  @Override
  public boolean acquire(String key, long permits, Duration timeout) throws InterruptedException {
    boolean ok = delegate.acquire(key, permits, timeout);
    counts.count(ok, permits);
    return ok;
  }

  @Override
  public CompletionStage<Decision> decideAsync(String key, long permits) {
    return delegate.decideAsync(key, permits).thenApply(d -> {
      counts.count(d.allowed(), permits);
      return d;
    });
  }

  @Override
  public CompletionStage<Long> reserveAsync(String key, long permits, long maxWaitNanos) {
    return delegate.reserveAsync(key, permits, maxWaitNanos).thenApply(wait -> {
      counts.count(wait >= 0, permits);
      return wait;
    });
  }

  @Override
  public CompletionStage<Long> nanosToWaitAsync(String key, long permits) {
    return delegate.nanosToWaitAsync(key, permits);
  }

  @Override
  public CompletionStage<Boolean> acquireAsync(String key, long permits, Duration timeout) {
    return delegate.acquireAsync(key, permits, timeout).thenApply(ok -> {
      counts.count(ok, permits);
      return ok;
    });
  }

  @Override
  public long limit() {
    return delegate.limit();
  }

  @Override
  public Ticker ticker() {
    return delegate.ticker();
  }
}
