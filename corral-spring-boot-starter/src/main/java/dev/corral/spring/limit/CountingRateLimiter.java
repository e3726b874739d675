package dev.corral.spring.limit;

import dev.corral.limit.Decision;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A {@link RateLimiter} that counts the permits its delegate grants and refuses. A blocking or asynchronous
 * acquire counts once, by its outcome; {@code nanosToWait} counts nothing. Thread-safe as the delegate is.
 */
final class CountingRateLimiter implements RateLimiter {
  private final RateLimiter delegate;
  private final PermitCounts counts;

  CountingRateLimiter(RateLimiter delegate, PermitCounts counts) {
    this.delegate = delegate;
    this.counts = counts;
  }

  @Override
  public boolean tryAcquire(long permits) {
    boolean ok = delegate.tryAcquire(permits);
    counts.count(ok, permits);
    return ok;
  }

  @Override
  public Decision decide(long permits) {
    Decision d = delegate.decide(permits);
    counts.count(d.allowed(), permits);
    return d;
  }

  @Override
  public long reserve(long permits, long maxWaitNanos) {
    long wait = delegate.reserve(permits, maxWaitNanos);
    counts.count(wait >= 0, permits);
    return wait;
  }

  @Override
  public long nanosToWait(long permits) {
    return delegate.nanosToWait(permits);
  }

  @Override
  public boolean acquire(long permits, Duration timeout) throws InterruptedException {
    boolean ok = delegate.acquire(permits, timeout);
    counts.count(ok, permits);
    return ok;
  }

  @Override
  public CompletionStage<Decision> decideAsync(long permits) {
    return delegate.decideAsync(permits).thenApply(d -> {
      counts.count(d.allowed(), permits);
      return d;
    });
  }

  @Override
  public CompletionStage<Long> reserveAsync(long permits, long maxWaitNanos) {
    return delegate.reserveAsync(permits, maxWaitNanos).thenApply(wait -> {
      counts.count(wait >= 0, permits);
      return wait;
    });
  }

  @Override
  public CompletionStage<Long> nanosToWaitAsync(long permits) {
    return delegate.nanosToWaitAsync(permits);
  }

  @Override
  public CompletionStage<Boolean> acquireAsync(long permits, Duration timeout) {
    return delegate.acquireAsync(permits, timeout).thenApply(ok -> {
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
