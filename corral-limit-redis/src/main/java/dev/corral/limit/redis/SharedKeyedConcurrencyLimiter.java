package dev.corral.limit.redis;

import dev.corral.limit.ConcurrencyLimiter;
import dev.corral.limit.KeyedConcurrencyLimiter;
import dev.corral.limit.Permit;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** One in-flight limiter seen as a keyed one that ignores the key (a fallback shared by all keys). Thread-safe. */
record SharedKeyedConcurrencyLimiter(ConcurrencyLimiter limiter) implements KeyedConcurrencyLimiter<String> {

  @Override
  public Permit tryAcquire(String key) {
    return limiter.tryAcquire();
  }

  @Override
  public Permit acquire(String key, Duration timeout) throws InterruptedException {
    return limiter.acquire(timeout);
  }

  @Override
  public CompletionStage<Permit> acquireAsync(String key, Duration timeout) {
    return limiter.acquireAsync(timeout);
  }

  @Override
  public int inFlight(String key) {
    return limiter.inFlight();
  }

  @Override
  public int limit() {
    return limiter.limit();
  }
}
