package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.limit.Permit;
import dev.corral.limit.RateLimitedException;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisConcurrencyLimiterTest {

  private RedisFixture redis;

  @BeforeEach
  void connect(RedisServer server) {
    redis = new RedisFixture(server);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  @Test
  void capsHeldPermitsPerKeyUntilOneIsReleased() {
    RedisConcurrencyLimiter limiter = redis.concurrency("conn", 2).build();
    Permit a = limiter.tryAcquire("ip");
    Permit b = limiter.tryAcquire("ip");
    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
    assertThat(limiter.tryAcquire("ip")).isNull();
    assertThat(limiter.tryAcquire("other-ip")).isNotNull();

    a.close();

    assertThat(limiter.tryAcquire("ip")).isNotNull();
  }

  @Test
  void releasingTwiceFreesOnlyOnePermit() {
    RedisConcurrencyLimiter limiter = redis.concurrency("conn", 2).build();
    Permit a = limiter.tryAcquire("ip");
    limiter.tryAcquire("ip");
    a.close();
    a.close();
    a.onDropped();

    assertThat(limiter.tryAcquire("ip")).isNotNull();
    assertThat(limiter.tryAcquire("ip")).isNull();
    assertThat(limiter.inFlight("ip")).isEqualTo(2);
  }

  @Test
  void anUnreleasedPermitIsForgottenWhenItsLeaseRunsOut() {
    RedisConcurrencyLimiter limiter = redis.concurrency("conn", 1).lease(Duration.ofMillis(300)).build();
    assertThat(limiter.tryAcquire("ip")).isNotNull(); // never released: its holder "crashed"
    assertThat(limiter.tryAcquire("ip")).isNull();

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> limiter.tryAcquire("ip") != null);
  }

  @Test
  void acquireWaitsUntilAPermitIsReleased() throws Exception {
    RedisConcurrencyLimiter limiter = redis.concurrency("conn", 1).build();
    Permit held = limiter.tryAcquire("ip");
    CompletableFuture<Permit> waiting = limiter.acquireAsync("ip", Duration.ofSeconds(30)).toCompletableFuture();
    assertThat(waiting).isNotDone();

    held.close();

    assertThat(waiting.get(30, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void acquireAsyncFailsWithRateLimitedAfterTheTimeout() {
    RedisConcurrencyLimiter limiter = redis.concurrency("conn", 1).build();
    limiter.tryAcquire("ip");

    assertThat(limiter.acquireAsync("ip", Duration.ofMillis(50)).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableThat().withCauseInstanceOf(RateLimitedException.class);
  }

  @Test
  void blockingAcquireReturnsNullOnTimeout() throws Exception {
    RedisConcurrencyLimiter limiter = redis.concurrency("conn", 1).build();
    limiter.tryAcquire("ip");
    assertThat(limiter.forKey("ip").acquire(Duration.ofMillis(50))).isNull();
  }

  @Test
  void twoClientsTogetherNeverHoldMoreThanTheLimit(RedisServer server) throws Exception {
    int limit = 3;
    try (RedisFixture other = new RedisFixture(server)) {
      RedisConcurrencyLimiter a = redis.concurrency("shared", limit).build();
      RedisConcurrencyLimiter b = other.concurrency("shared", limit).build();
      AtomicInteger holding = new AtomicInteger();
      AtomicInteger maxHolding = new AtomicInteger();
      AtomicInteger acquired = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          RedisConcurrencyLimiter limiter = t % 2 == 0 ? a : b;
          tasks.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < 40; i++) {
              Permit p = limiter.tryAcquire("k");
              if (p != null) {
                acquired.incrementAndGet();
                maxHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
                Thread.onSpinWait();
                holding.decrementAndGet(); // before the release reaches Redis: never over-counts
                p.close();
              }
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
          task.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(acquired.get()).isPositive();
      assertThat(maxHolding.get()).isLessThanOrEqualTo(limit);
    }
  }

  @Test
  void failOpenHandsOutPermitsWhileRedisIsDown(RedisServer server) throws Exception {
    RedisConcurrencyLimiter limiter = redis.concurrency("conn", 1).timeout(Duration.ofMillis(300))
        .failurePolicy(FailurePolicy.failOpen()).build();
    server.kill();
    assertThat(limiter.tryAcquire("ip")).isNotNull();
    assertThat(limiter.tryAcquire("ip")).isNotNull();
    assertThat(limiter.redisAvailable()).isFalse();
  }

  @Test
  void failClosedRefusesWhileRedisIsDown(RedisServer server) throws Exception {
    RedisConcurrencyLimiter limiter = redis.concurrency("conn", 5).timeout(Duration.ofMillis(300))
        .failurePolicy(FailurePolicy.failClosed()).build();
    server.kill();
    assertThat(limiter.tryAcquire("ip")).isNull();
  }
}
