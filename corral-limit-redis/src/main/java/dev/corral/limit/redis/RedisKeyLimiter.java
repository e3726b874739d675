package dev.corral.limit.redis;

import dev.corral.limit.Decision;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.Ticker;
import java.util.concurrent.CompletionStage;

/** One key of a {@link RedisRateLimiter} as a {@link RateLimiter}, with the native async forms. Thread-safe. */
record RedisKeyLimiter(RedisRateLimiter keyed, String key) implements RateLimiter {

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
