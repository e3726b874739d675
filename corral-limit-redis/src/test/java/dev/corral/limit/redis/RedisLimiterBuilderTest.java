package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.limit.ConcurrencyLimiter;
import dev.corral.limit.RateLimiter;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Builder errors name the setting, the value and what was expected; nothing here talks to Redis. */
class RedisLimiterBuilderTest {

  @SuppressWarnings("unchecked")
  private static final RedisScriptingAsyncCommands<String, String> NO_REDIS =
      (RedisScriptingAsyncCommands<String, String>) Proxy.newProxyInstance(
          RedisLimiterBuilderTest.class.getClassLoader(), new Class<?>[] {RedisScriptingAsyncCommands.class},
          (proxy, method, args) -> {
            throw new UnsupportedOperationException(method.getName() + ": no Redis in this test");
          });

  @Test
  void missingNameIsReported() {
    assertThatThrownBy(() -> RedisRateLimiter.builder(NO_REDIS)
        .algorithm(RedisAlgorithm.fixedWindow(1, Duration.ofSeconds(1))).build())
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("name: not set");
  }

  @Test
  void missingAlgorithmIsReported() {
    assertThatThrownBy(() -> RedisRateLimiter.builder(NO_REDIS).name("x").build())
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("algorithm: not set");
  }

  @Test
  void nameWithABraceIsRefusedBecauseItWouldBreakTheHashTag() {
    assertThatThrownBy(() -> RedisRateLimiter.builder(NO_REDIS).name("a{b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name: \"a{b\" (expected: non-blank, without { or })");
  }

  @Test
  void nonPositiveTimeoutIsRefused() {
    assertThatThrownBy(() -> RedisRateLimiter.builder(NO_REDIS).timeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout: PT-0.001S (expected: > 0)");
  }

  @Test
  void rateLimiterRefusesAConcurrencyFallback() {
    ConcurrencyLimiter local = new UnusedConcurrencyLimiter();
    assertThatThrownBy(() -> RedisRateLimiter.builder(NO_REDIS).failurePolicy(FailurePolicy.fallback(local)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("failurePolicy: fallback to a concurrency");
  }

  @Test
  void concurrencyLimiterRefusesARateFallback() {
    assertThatThrownBy(() -> RedisConcurrencyLimiter.builder(NO_REDIS)
        .failurePolicy(FailurePolicy.fallback(RateLimiter.of("rate=1r/s"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("failurePolicy: fallback to a rate");
  }

  @Test
  void concurrencyLimitMustBePositive() {
    assertThatThrownBy(() -> RedisConcurrencyLimiter.builder(NO_REDIS).limit(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("limit: 0 (expected: > 0)");
  }

  @Test
  void permitsBelowOneAreRefused() {
    RedisRateLimiter limiter = RedisRateLimiter.builder(NO_REDIS).name("x")
        .algorithm(RedisAlgorithm.fixedWindow(1, Duration.ofSeconds(1))).build();
    assertThatThrownBy(() -> limiter.tryAcquire("k", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("permits: 0 (expected: > 0)");
  }

  /** A local in-flight limiter that is never asked (only its type matters to the builder). */
  private static final class UnusedConcurrencyLimiter implements ConcurrencyLimiter {
    @Override
    public dev.corral.limit.Permit tryAcquire() {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.corral.limit.Permit acquire(Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.concurrent.CompletionStage<dev.corral.limit.Permit> acquireAsync(Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int inFlight() {
      return 0;
    }

    @Override
    public int limit() {
      return 1;
    }
  }
}
