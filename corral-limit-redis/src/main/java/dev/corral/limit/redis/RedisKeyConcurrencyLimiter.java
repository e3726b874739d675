package dev.corral.limit.redis;

import dev.corral.limit.ConcurrencyLimiter;
import dev.corral.limit.Permit;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** One key of a {@link RedisConcurrencyLimiter} as a {@link ConcurrencyLimiter}. Thread-safe. */
record RedisKeyConcurrencyLimiter(RedisConcurrencyLimiter keyed, String key) implements ConcurrencyLimiter {

  @Override
  public Permit tryAcquire() {
    return keyed.tryAcquire(key);
  }

  @Override
  public CompletionStage<Permit> tryAcquireAsync() {
    return keyed.tryAcquireAsync(key);
  }

  @Override
  public Permit acquire(Duration timeout) throws InterruptedException {
    return keyed.acquire(key, timeout);
  }

  @Override
  public CompletionStage<Permit> acquireAsync(Duration timeout) {
    return keyed.acquireAsync(key, timeout);
  }

  @Override
  public int inFlight() {
    return keyed.inFlight(key);
  }

  @Override
  public int limit() {
    return keyed.limit();
  }
}
