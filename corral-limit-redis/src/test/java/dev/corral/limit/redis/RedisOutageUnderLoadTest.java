package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis killed and restarted while four threads keep deciding: no decision hangs, the fail-closed policy refuses
 * while Redis is down, and Redis admits again once it is back.
 */
@ExtendWith(RedisServerExtension.class)
class RedisOutageUnderLoadTest {

  @Test
  void decisionsKeepFlowingThroughAnOutageAndComeBackFromRedis(RedisServer server) throws Exception {
    try (RedisFixture redis = new RedisFixture(server)) {
      // admits everything Redis sees, so every refusal is the failure policy's
      RedisRateLimiter limiter = redis.limiter("outage", RedisAlgorithm.fixedWindow(1_000_000_000L, Duration.ofDays(1)))
          .timeout(Duration.ofMillis(300)).probeInterval(Duration.ofMillis(100))
          .failurePolicy(FailurePolicy.failClosed()).build();
      AtomicLong admitted = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> callers = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      for (int t = 0; t < 4; t++) {
        callers.add(pool.submit(() -> {
          for (int i = 0; i < 1_000_000 && !stop.get() && System.nanoTime() < deadline; i++) {
            (limiter.tryAcquire("k", 1) ? admitted : refused).incrementAndGet();
          }
        }));
      }
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> admitted.get() > 100);
        assertThat(refused.get()).isZero();

        server.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() > 100);
        assertThat(limiter.redisAvailable()).isFalse();

        server.restart();
        long admittedBeforeRecovery = admitted.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> admitted.get() > admittedBeforeRecovery + 100);
        assertThat(limiter.redisAvailable()).isTrue();
      } finally {
        stop.set(true);
        for (Future<?> caller : callers) {
          caller.get(30, TimeUnit.SECONDS); // none hangs
        }
        pool.shutdownNow();
      }
    }
  }
}
