package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.limit.Decision;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis killed mid-run, or not answering: the failure policy decides within the timeout (generous bounds, the
 * machine is shared), and decisions come from Redis again once it is back.
 */
@ExtendWith(RedisServerExtension.class)
class RedisFailurePolicyTest {

  private static final Duration TIMEOUT = Duration.ofMillis(300);
  /** Far more than TIMEOUT: only "it did not hang" is asserted, not how fast it answered. */
  private static final long BOUND_SECONDS = 10;

  private RedisFixture redis;

  @BeforeEach
  void connect(RedisServer server) {
    redis = new RedisFixture(server);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private RedisRateLimiter limiter(FailurePolicy policy) {
    return redis.limiter("fp", RedisAlgorithm.gcra(1, Duration.ofHours(1), 0))
        .timeout(TIMEOUT).probeInterval(Duration.ofMillis(200)).failurePolicy(policy).build();
  }

  @Test
  void failOpenAdmitsWhileRedisIsDown(RedisServer server) throws Exception {
    RedisRateLimiter limiter = limiter(FailurePolicy.failOpen());
    assertThat(limiter.tryAcquire("k", 1)).isTrue();
    assertThat(limiter.tryAcquire("k", 1)).isFalse();

    server.kill();

    for (int i = 0; i < 3; i++) {
      Decision d = limiter.decideAsync("k", 1).toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertThat(d.allowed()).isTrue();
    }
    assertThat(limiter.redisAvailable()).isFalse();
  }

  @Test
  void failClosedRejectsWhileRedisIsDown(RedisServer server) throws Exception {
    RedisRateLimiter limiter = limiter(FailurePolicy.failClosed());
    server.kill();

    Decision d = limiter.decideAsync("fresh", 1).toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);

    assertThat(d.rejected()).isTrue();
    assertThat(d.retryAfterNanos()).isPositive();
    assertThat(limiter.reserveAsync("fresh", 1, 0).toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(RateLimiter.REJECTED);
  }

  @Test
  void fallbackDecidesWithTheLocalLimiterWhileRedisIsDown(RedisServer server) throws Exception {
    RateLimiter local = RateLimiter.of("rate=1r/m burst=1 nodelay");
    RedisRateLimiter limiter = limiter(FailurePolicy.fallback(local));
    server.kill();

    assertThat(limiter.tryAcquire("a", 1)).isTrue();
    assertThat(limiter.tryAcquire("b", 1)).isTrue();
    assertThat(limiter.tryAcquire("c", 1)).isFalse();
  }

  @Test
  void decisionsComeFromRedisAgainOnceItIsBack(RedisServer server) throws Exception {
    RedisRateLimiter limiter = limiter(FailurePolicy.failOpen());
    server.kill();
    assertThat(limiter.tryAcquire("k", 1)).isTrue();
    assertThat(limiter.tryAcquire("k", 1)).isTrue(); // fail-open: not limited
    assertThat(limiter.redisAvailable()).isFalse();

    server.restart();

    // Redis is asked again after the probe interval; the fresh server has no state, so the first call passes and
    // the second is limited by Redis (burst 0, one per hour)
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      limiter.tryAcquire("probe", 1);
      return limiter.redisAvailable();
    });
    assertThat(limiter.tryAcquire("k", 1)).isTrue();
    assertThat(limiter.tryAcquire("k", 1)).isFalse();
  }

  @Test
  void aHangingRedisIsCutOffByTheTimeout(RedisServer server) throws Exception {
    RedisRateLimiter limiter = limiter(FailurePolicy.failClosed());
    limiter.tryAcquire("warm-up", 1);
    // WRITE mode blocks every EVAL/EVALSHA but still lets CLIENT UNPAUSE through
    server.command("CLIENT", "PAUSE", "20000", "WRITE");
    try {
      CompletableFuture<Decision> d = limiter.decideAsync("k", 1).toCompletableFuture();

      assertThat(d.get(BOUND_SECONDS, TimeUnit.SECONDS).rejected()).isTrue();
      assertThat(limiter.redisAvailable()).isFalse();
    } finally {
      server.command("CLIENT", "UNPAUSE");
    }
  }

  @Test
  void aSyncDecisionOnAHangingRedisReturnsByThePolicy(RedisServer server) throws Exception {
    RedisRateLimiter limiter = limiter(FailurePolicy.failClosed());
    limiter.tryAcquire("warm-up", 1);
    server.command("CLIENT", "PAUSE", "20000", "WRITE");
    try {
      CompletableFuture<Boolean> admitted = CompletableFuture.supplyAsync(() -> limiter.tryAcquire("k", 1));

      assertThat(admitted.get(BOUND_SECONDS, TimeUnit.SECONDS)).isFalse();
      assertThat(limiter.redisAvailable()).isFalse();
    } finally {
      server.command("CLIENT", "UNPAUSE");
    }
  }

  @Test
  void withLettuceDefaultsQueuedCommandsAreCutOffByTheTimeoutAndRecover(RedisServer server) throws Exception {
    try (RedisFixture queuing = RedisFixture.withLettuceDefaults(server)) {
      RedisRateLimiter limiter = queuing.limiter("queued", RedisAlgorithm.gcra(1, Duration.ofHours(1), 0))
          .timeout(TIMEOUT).probeInterval(Duration.ofMillis(200)).failurePolicy(FailurePolicy.failClosed()).build();
      assertThat(limiter.tryAcquire("k", 1)).isTrue();
      server.kill();

      assertThat(limiter.decideAsync("k", 1).toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS).rejected())
          .isTrue();
      assertThat(CompletableFuture.supplyAsync(() -> limiter.tryAcquire("other", 1))
          .get(BOUND_SECONDS, TimeUnit.SECONDS)).isFalse();

      server.restart();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
        limiter.tryAcquire("probe", 1);
        return limiter.redisAvailable();
      });
      // the fresh server knows nothing: the decision comes from Redis, and the next one is limited by it
      assertThat(limiter.tryAcquire("after", 1)).isTrue();
      assertThat(limiter.tryAcquire("after", 1)).isFalse();
    }
  }

  @Test
  void whileDownCallsDoNotWaitForRedisUntilTheProbeInterval(RedisServer server) throws Exception {
    RedisRateLimiter limiter = redis.limiter("fp", RedisAlgorithm.gcra(1, Duration.ofHours(1), 0))
        .timeout(TIMEOUT).probeInterval(Duration.ofHours(1)).failurePolicy(FailurePolicy.failOpen()).build();
    limiter.tryAcquire("k", 1);
    server.kill();
    limiter.tryAcquire("k", 1); // fails: Redis marked down for an hour
    redis.commands.reset();

    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire("k", 1)).isTrue();
    }

    assertThat(redis.commands.sent()).isEmpty();
  }
}
