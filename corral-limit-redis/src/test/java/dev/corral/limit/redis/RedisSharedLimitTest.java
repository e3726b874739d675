package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.redis.RedisAlgorithm.Bandwidth;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two independent clients (two RedisClients, two connections, two limiter instances, as two JVMs would have) share
 * one limit under concurrent load: together they never admit more than the limit. The limits refill per hour or
 * day, so during the test the limit is a fixed number of permits.
 */
@ExtendWith(RedisServerExtension.class)
class RedisSharedLimitTest {

  private static final int LIMIT = 50;
  private static final int THREADS_PER_CLIENT = 4;
  private static final int ATTEMPTS_PER_THREAD = 60;

  private RedisFixture first;
  private RedisFixture second;

  static Stream<RedisAlgorithm> algorithms() {
    return Stream.of(
        RedisAlgorithm.gcra(1, Duration.ofHours(1), LIMIT - 1),
        RedisAlgorithm.parse("rate=1r/m burst=" + (LIMIT - 1) + " nodelay"),
        RedisAlgorithm.tokenBucket(Bandwidth.greedy(LIMIT, 1, Duration.ofHours(1))),
        RedisAlgorithm.fixedWindow(LIMIT, Duration.ofDays(1)),
        RedisAlgorithm.slidingWindow(LIMIT, Duration.ofDays(1)),
        RedisAlgorithm.slidingLog(LIMIT, Duration.ofHours(1)));
  }

  @BeforeEach
  void connect(RedisServer server) {
    first = new RedisFixture(server);
    second = new RedisFixture(server);
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void twoClientsTogetherNeverAdmitMoreThanTheLimit(RedisAlgorithm algorithm) throws Exception {
    RedisRateLimiter a = first.limiter("shared", algorithm).build();
    RedisRateLimiter b = second.limiter("shared", algorithm).build();
    AtomicLong admitted = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_CLIENT);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 2 * THREADS_PER_CLIENT; t++) {
        RedisRateLimiter limiter = t % 2 == 0 ? a : b;
        tasks.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
            if (limiter.tryAcquire("user", 1)) {
              admitted.incrementAndGet();
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
    // 480 attempts against a limit of 50 that does not refill during the test (a 1r/m limit_req may drain one)
    assertThat(admitted.get()).isBetween((long) LIMIT, LIMIT + 1L);
    if (!(algorithm instanceof RedisAlgorithm.LimitReq)) {
      assertThat(admitted.get()).isEqualTo(LIMIT);
    }
  }

  @ParameterizedTest
  @MethodSource("algorithms")
  void asyncBurstsFromTwoClientsNeverExceedTheLimit(RedisAlgorithm algorithm) throws Exception {
    RedisRateLimiter a = first.limiter("shared-async", algorithm).build();
    RedisRateLimiter b = second.limiter("shared-async", algorithm).build();
    List<CompletableFuture<Boolean>> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      RedisRateLimiter limiter = i % 2 == 0 ? a : b;
      all.add(limiter.decideAsync("user", 1).toCompletableFuture().thenApply(d -> d.outcome() == dev.corral.limit
          .Decision.Outcome.PASSED));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    long passed = all.stream().filter(CompletableFuture::join).count();
    assertThat(passed).isBetween((long) LIMIT, LIMIT + 1L);
  }
}
