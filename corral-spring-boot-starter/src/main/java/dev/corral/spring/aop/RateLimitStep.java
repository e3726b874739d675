package dev.corral.spring.aop;

import dev.corral.limit.Decision;
import dev.corral.spring.limit.LimiterRateLimitedException;
import dev.corral.spring.limit.NamedLimiter;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The {@code @RateLimited} part of a method's plan: the limiter, the key expression (keyed limiters only) and the
 * permits per call. Immutable and thread-safe.
 */
final class RateLimitStep {
  private final NamedLimiter limiter;
  private final KeyExpression key; // null for a single limiter
  private final long permits;

  RateLimitStep(NamedLimiter limiter, KeyExpression key, long permits) {
    this.limiter = limiter;
    this.key = key;
    this.permits = permits;
  }

  /**
   * Decides for one call; a refusal throws.
   *
   * @throws LimiterRateLimitedException if the limiter refuses
   * @throws IllegalArgumentException    if the key expression fails or gives null
   */
  Decision admit(Object target, Object[] args) {
    Decision d = limiter.decide(key == null ? null : key.evaluate(target, args), permits);
    if (d.rejected()) {
      throw new LimiterRateLimitedException(limiter.name(), d);
    }
    return d;
  }

  /** Sleeps for a delayed decision, on the limiter's clock. */
  void awaitDelay(Decision d) throws InterruptedException {
    if (d.delayNanos() > 0) {
      limiter.ticker().sleep(d.delayNanos());
    }
  }

  /** Runs {@code next} once a delayed decision's wait is over, without blocking a thread. */
  CompletableFuture<Object> afterDelay(Decision d, Supplier<CompletableFuture<Object>> next) {
    if (d.delayNanos() == 0) {
      return next.get();
    }
    return CompletableFuture.runAsync(() -> { }, limiter.ticker().delayedExecutor(d.delayNanos()))
        .thenCompose(ignored -> next.get());
  }
}
