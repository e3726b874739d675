package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.Decision;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fixed window, sliding-window counter and sliding-window log in Redis, with windows of a day (fixed windows are
 * aligned to Redis time, so a test crosses a window edge only if it runs across midnight UTC).
 */
@ExtendWith(RedisServerExtension.class)
class RedisWindowTest {

  private static final Duration DAY = Duration.ofDays(1);

  private RedisFixture redis;

  @BeforeEach
  void connect(RedisServer server) {
    redis = new RedisFixture(server);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private RedisRateLimiter limiter(RedisAlgorithm algorithm) {
    return redis.limiter("w", algorithm).build();
  }

  @Test
  void fixedWindowCountsOnlyAdmittedPermits() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.fixedWindow(5, DAY));
    assertThat(limiter.tryAcquire("k", 3)).isTrue();
    assertThat(limiter.tryAcquire("k", 3)).isFalse();
    Decision last = limiter.decide("k", 2);
    assertThat(last.allowed()).isTrue();
    assertThat(last.remaining()).isZero();
    Decision rejected = limiter.decide("k", 1);
    assertThat(rejected.retryAfterNanos()).isPositive().isLessThanOrEqualTo(DAY.toNanos());
    assertThat(rejected.resetAfterNanos()).isEqualTo(rejected.retryAfterNanos());
  }

  @Test
  void fixedWindowReservesPermitsOfTheNextWindow() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.fixedWindow(2, DAY));
    assertThat(limiter.tryAcquire("k", 2)).isTrue();
    long untilNextWindow = limiter.nanosToWait("k", 1);
    assertThat(untilNextWindow).isPositive().isLessThanOrEqualTo(DAY.toNanos());

    long wait = limiter.reserve("k", 2, 2 * DAY.toNanos());

    assertThat(wait).isPositive().isLessThanOrEqualTo(untilNextWindow);
    // the next window is fully booked now: one more permit waits for the window after it
    assertThat(limiter.nanosToWait("k", 1)).isGreaterThan(DAY.toNanos());
    assertThat(limiter.reserve("k", 1, 0)).isEqualTo(RateLimiter.REJECTED);
  }

  @Test
  void fixedWindowBatchDoesNotStraddleTwoWindows() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.fixedWindow(3, DAY));
    assertThat(limiter.tryAcquire("k", 2)).isTrue();
    assertThat(limiter.tryAcquire("k", 2)).isFalse();
    assertThat(limiter.tryAcquire("k", 1)).isTrue();
  }

  @Test
  void slidingWindowCounterAdmitsTheLimitWithinOneWindow() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.slidingWindow(5, DAY));
    int admitted = 0;
    for (int i = 0; i < 8; i++) {
      admitted += limiter.tryAcquire("k", 1) ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(5);
    assertThat(limiter.nanosToWait("k", 1)).isPositive();
  }

  @Test
  void slidingLogAdmitsTheLimitAndRetriesWhenTheOldestEntryLeaves() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.slidingLog(4, Duration.ofMinutes(1)));
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.tryAcquire("k", 1)).isTrue();
    }
    Decision rejected = limiter.decide("k", 1);
    assertThat(rejected.rejected()).isTrue();
    assertThat(rejected.retryAfterNanos()).isBetween(Duration.ofSeconds(40).toNanos(), Duration.ofMinutes(1).toNanos());
  }

  @Test
  void slidingLogMorePermitsThanTheLimitAreNeverAdmitted() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.slidingLog(4, Duration.ofMinutes(1)));
    assertThat(limiter.nanosToWait("k", 5)).isEqualTo(Decision.NEVER);
  }

  @Test
  void aFullSlidingCounterBooksIntoTheNextWindowOnceThePreviousCountWeighsLittleEnough() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.slidingWindow(4, Duration.ofHours(1)));
    long hour = Duration.ofHours(1).toNanos() / 1000;
    assertThat(limiter.tryAcquire("k", 4)).isTrue();
    long before = redisMicros();
    long wait = limiter.reserve("k", 1, Duration.ofHours(2).toNanos()) / 1000;
    long after = redisMicros();
    // the next window, once the 4 of this one weigh 3 or less: a quarter of an hour into it
    long at = (Math.floorDiv(before, hour) + 1) * hour + hour / 4;
    assertThat(wait).isBetween(at - after, at - before);
  }

  @Test
  void aSlidingCounterBookingAheadDelaysEveryLaterCaller() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.slidingWindow(4, Duration.ofHours(1)));
    assertThat(limiter.tryAcquire("k", 3)).isTrue();
    assertThat(limiter.reserve("k", 2, Duration.ofHours(3).toNanos())).isPositive();
    assertThat(limiter.tryAcquire("k", 1)).isFalse(); // one permit is free now, but the booking came first
    assertThat(limiter.nanosToWait("k", 1)).isPositive();
    assertThat(limiter.reserve("k", 1, Duration.ofSeconds(1).toNanos())).isEqualTo(RateLimiter.REJECTED);
  }

  @Test
  void aSlidingCounterNeverBooksMorePermitsThanTheLimit() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.slidingWindow(2, Duration.ofMinutes(1)));
    assertThat(limiter.reserve("k", 3, Duration.ofDays(1).toNanos())).isEqualTo(RateLimiter.REJECTED);
    assertThat(limiter.nanosToWait("k", 3)).isEqualTo(Decision.NEVER);
  }

  private long redisMicros() {
    List<String> time = redis.connection.sync().time();
    return Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
  }

  @Test
  void specStringsChooseTheWindowAlgorithm() {
    assertThat(limiter(RedisAlgorithm.parse("algorithm=sliding_log rate=100r/m")).limit()).isEqualTo(100);
    assertThat(RedisAlgorithm.parse("algorithm=fixed_window rate=7r/d"))
        .isEqualTo(RedisAlgorithm.fixedWindow(7, DAY));
  }
}
