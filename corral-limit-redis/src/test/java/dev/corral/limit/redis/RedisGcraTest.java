package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.Decision;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GCRA in Redis; one permit per minute, so the real clock moving during a test changes nothing. */
@ExtendWith(RedisServerExtension.class)
class RedisGcraTest {

  private static final long MINUTE = Duration.ofMinutes(1).toNanos();
  private static final long SLACK = Duration.ofSeconds(20).toNanos();

  private RedisFixture redis;
  private RedisRateLimiter limiter;

  @BeforeEach
  void connect(RedisServer server) {
    redis = new RedisFixture(server);
    limiter = redis.limiter("gcra", RedisAlgorithm.gcra(1, Duration.ofMinutes(1), 2)).build();
  }

  @AfterEach
  void close() {
    redis.close();
  }

  @Test
  void admitsBurstBackToBackWithRemainingCountingDown() {
    for (int i = 0; i < 3; i++) {
      Decision d = limiter.decide("k", 1);
      assertThat(d.outcome()).isEqualTo(Decision.Outcome.PASSED);
      assertThat(d.remaining()).isEqualTo(2 - i);
      assertThat(d.limit()).isEqualTo(3);
    }
  }

  @Test
  void rejectsBeyondBurstWithRetryOfOneInterval() {
    for (int i = 0; i < 3; i++) {
      limiter.decide("k", 1);
    }
    Decision rejected = limiter.decide("k", 1);
    assertThat(rejected.rejected()).isTrue();
    assertThat(rejected.retryAfterNanos()).isBetween(MINUTE - SLACK, MINUTE);
    assertThat(rejected.resetAfterNanos()).isBetween(3 * MINUTE - SLACK, 3 * MINUTE);
  }

  @Test
  void moreThanBurstIsNeverAdmitted() {
    Decision d = limiter.decide("k", 4);
    assertThat(d.rejected()).isTrue();
    assertThat(d.retryAfterNanos()).isEqualTo(Decision.NEVER);
    assertThat(limiter.nanosToWait("k", 4)).isEqualTo(Decision.NEVER);
  }

  @Test
  void reserveBooksAFuturePermitWithinMaxWait() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("k", 1)).isTrue();
    }
    assertThat(limiter.reserve("k", 1, 0)).isEqualTo(RateLimiter.REJECTED);
    long wait = limiter.reserve("k", 1, 2 * MINUTE);
    assertThat(wait).isBetween(MINUTE - SLACK, MINUTE);
    assertThat(limiter.reserve("k", 1, 2 * MINUTE)).isBetween(2 * MINUTE - SLACK, 2 * MINUTE);
  }

  @Test
  void nanosToWaitTakesNothing() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.nanosToWait("k", 1)).isZero();
    }
    assertThat(limiter.decide("k", 3).allowed()).isTrue();
    assertThat(limiter.nanosToWait("k", 1)).isBetween(MINUTE - SLACK, MINUTE);
  }

  @Test
  void rejectionDoesNotChangeState() {
    limiter.decide("k", 3);
    long before = limiter.nanosToWait("k", 1);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("k", 1)).isFalse();
    }
    assertThat(limiter.nanosToWait("k", 1)).isBetween(before - SLACK, before);
  }

  @Test
  void keysAreIndependent() {
    limiter.decide("a", 3);
    assertThat(limiter.tryAcquire("a", 1)).isFalse();
    assertThat(limiter.tryAcquire("b", 1)).isTrue();
  }

  @Test
  void forKeyViewSharesTheKeysState() throws Exception {
    RateLimiter one = limiter.forKey("k");
    assertThat(one.decideAsync(3).toCompletableFuture().get().allowed()).isTrue();
    assertThat(limiter.tryAcquire("k", 1)).isFalse();
    assertThat(one.tryAcquire()).isFalse();
  }

  @Test
  void stateLivesUnderAHashTaggedKeyWithATtl(RedisServer server) throws Exception {
    limiter.decide("user-1", 1);
    assertThat(server.command("EXISTS", "corral:limit:{gcra:user-1}")).isEqualTo(":1");
    long pttl = Long.parseLong(server.command("PTTL", "corral:limit:{gcra:user-1}").substring(1));
    assertThat(pttl).isBetween(1L, Duration.ofMinutes(1).toMillis() + 2);
  }
}
