package dev.corral.limit.redis;

import dev.corral.limit.Decision;
import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.Ticker;

/** One limiter seen as a keyed limiter that ignores the key (a fallback shared by all keys). Thread-safe. */
record SharedKeyedLimiter(RateLimiter limiter) implements KeyedRateLimiter<String> {

  @Override
  public boolean tryAcquire(String key, long permits) {
    return limiter.tryAcquire(permits);
  }

  @Override
  public Decision decide(String key, long permits) {
    return limiter.decide(permits);
  }

  @Override
  public long reserve(String key, long permits, long maxWaitNanos) {
    return limiter.reserve(permits, maxWaitNanos);
  }

  @Override
  public long nanosToWait(String key, long permits) {
    return limiter.nanosToWait(permits);
  }

  @Override
  public long limit() {
    return limiter.limit();
  }

  @Override
  public Ticker ticker() {
    return limiter.ticker();
  }
}
