package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.Decision;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.redis.RedisAlgorithm.Bandwidth;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Token bucket in Redis, refilling per minute or hour so that the real clock changes nothing during a test. */
@ExtendWith(RedisServerExtension.class)
class RedisTokenBucketTest {

  private static final long MINUTE = Duration.ofMinutes(1).toNanos();
  private static final long SLACK = Duration.ofSeconds(20).toNanos();

  private RedisFixture redis;

  @BeforeEach
  void connect(RedisServer server) {
    redis = new RedisFixture(server);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private RedisRateLimiter bucket(Bandwidth first, Bandwidth... more) {
    return redis.limiter("tb", RedisAlgorithm.tokenBucket(first, more)).build();
  }

  @Test
  void takesUpToCapacityThenRejectsWithRetryForOneToken() {
    RedisRateLimiter limiter = bucket(Bandwidth.greedy(5, 1, Duration.ofMinutes(1)));
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.decide("k", 1).remaining()).isEqualTo(4 - i);
    }
    Decision rejected = limiter.decide("k", 1);
    assertThat(rejected.rejected()).isTrue();
    assertThat(rejected.retryAfterNanos()).isBetween(MINUTE - SLACK, MINUTE);
    assertThat(rejected.resetAfterNanos()).isBetween(5 * MINUTE - SLACK, 5 * MINUTE);
  }

  @Test
  void severalBandwidthsAdmitOnlyWhatTheTightestAllows() {
    RedisRateLimiter limiter = bucket(Bandwidth.greedy(100, 100, Duration.ofMinutes(1)),
        Bandwidth.interval(3, 3, Duration.ofHours(1)));
    int admitted = 0;
    for (int i = 0; i < 10; i++) {
      admitted += limiter.tryAcquire("k", 1) ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(3);
    assertThat(limiter.limit()).isEqualTo(3);
  }

  @Test
  void moreTokensThanCapacityAreNeverAdmitted() {
    RedisRateLimiter limiter = bucket(Bandwidth.greedy(5, 1, Duration.ofMinutes(1)));
    assertThat(limiter.decide("k", 6).retryAfterNanos()).isEqualTo(Decision.NEVER);
    assertThat(limiter.tryAcquire("k", 5)).isTrue();
  }

  @Test
  void reserveBooksFutureTokensAndLaterCallersWaitLonger() {
    RedisRateLimiter limiter = bucket(Bandwidth.greedy(2, 1, Duration.ofMinutes(1)));
    assertThat(limiter.reserve("k", 2, 0)).isZero();
    assertThat(limiter.reserve("k", 1, 0)).isEqualTo(RateLimiter.REJECTED);
    assertThat(limiter.reserve("k", 1, 5 * MINUTE)).isBetween(MINUTE - SLACK, MINUTE);
    assertThat(limiter.reserve("k", 1, 5 * MINUTE)).isBetween(2 * MINUTE - SLACK, 2 * MINUTE);
    assertThat(limiter.nanosToWait("k", 1)).isBetween(3 * MINUTE - SLACK, 3 * MINUTE);
  }

  @Test
  void intervalRefillWaitsForTheEndOfThePeriod() {
    RedisRateLimiter limiter = bucket(Bandwidth.interval(4, 4, Duration.ofHours(1)));
    assertThat(limiter.tryAcquire("k", 4)).isTrue();
    long wait = limiter.nanosToWait("k", 1);
    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).toNanos());
    // all 4 tokens come back at the same moment
    assertThat(limiter.nanosToWait("k", 4)).isBetween(wait - SLACK, wait);
  }

  @Test
  void specStringBuildsTheSameBucket() {
    RedisRateLimiter limiter = redis.limiter("tb",
        RedisAlgorithm.parse("algorithm=token_bucket rate=1r/m capacity=3")).build();
    assertThat(limiter.limit()).isEqualTo(3);
    assertThat(limiter.tryAcquire("k", 3)).isTrue();
    assertThat(limiter.tryAcquire("k", 1)).isFalse();
  }
}
