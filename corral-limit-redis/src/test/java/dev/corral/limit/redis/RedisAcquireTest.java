package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.RateLimiter;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Waiting acquires (the corral-limit defaults) over the Redis limiter's reserve and nanosToWait. */
@ExtendWith(RedisServerExtension.class)
class RedisAcquireTest {

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
  void acquireReservesTheNextPermitAndWaitsForIt() throws Exception {
    RateLimiter limiter = redis.limiter("acq", RedisAlgorithm.gcra(1, Duration.ofSeconds(1), 0)).build()
        .forKey("k");
    assertThat(limiter.acquire(1, Duration.ofSeconds(30))).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    assertThat(limiter.acquire(1, Duration.ofSeconds(30))).isTrue(); // booked the next slot, waited for it
  }

  @Test
  void acquireGivesUpAtOnceWhenTheTimeoutCannotSuffice() throws Exception {
    RateLimiter limiter = redis.limiter("acq", RedisAlgorithm.gcra(1, Duration.ofHours(1), 0)).build()
        .forKey("k");
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.acquire(1, Duration.ofSeconds(1))).isFalse();
    assertThat(limiter.nanosToWait(1)).isGreaterThan(Duration.ofMinutes(50).toNanos());
  }

  @Test
  void acquireAsyncCompletesOnceTheReservedWaitHasPassed() throws Exception {
    RateLimiter limiter = redis.limiter("acq", RedisAlgorithm.gcra(20, Duration.ofSeconds(1), 0)).build()
        .forKey("k");
    limiter.tryAcquire();
    assertThat(limiter.acquireAsync(1, Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS))
        .isTrue();
  }

  @Test
  void acquireOnASlidingWindowPollsUntilTheTimeout() throws Exception {
    RateLimiter limiter = redis.limiter("acq", RedisAlgorithm.slidingLog(1, Duration.ofHours(1))).build()
        .forKey("k");
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.acquire(1, Duration.ofMillis(200))).isFalse();
  }
}
