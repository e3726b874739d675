package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.Decision;
import dev.corral.limit.Decision.Outcome;
import dev.corral.limit.redis.testing.RedisServer;
import dev.corral.limit.redis.testing.RedisServerExtension;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * nginx limit_req in Redis: the nginx-tests scenarios (limit_req.t, limit_req_delay.t) at 1r/m instead of r/s, so
 * that the real clock moving during a test cannot change an outcome.
 */
@ExtendWith(RedisServerExtension.class)
class RedisLimitReqTest {

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

  private RedisRateLimiter limiter(RedisAlgorithm algorithm) {
    return redis.limiter("req", algorithm).build();
  }

  @Test
  void firstRequestForANewKeyPasses() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.limitReq(1, ChronoUnit.MINUTES));
    assertThat(limiter.decide("k", 1).outcome()).isEqualTo(Outcome.PASSED);
    assertThat(limiter.decide("k", 1).outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void burstWithNodelayPassesBurstThenRejects() {
    // limit_req.t: burst=1 nodelay -> 200, 200, 503
    RedisRateLimiter limiter = limiter(RedisAlgorithm.limitReq(1, ChronoUnit.MINUTES).withBurst(1).withNodelay());
    assertThat(limiter.decide("k", 1).outcome()).isEqualTo(Outcome.PASSED);
    assertThat(limiter.decide("k", 1).outcome()).isEqualTo(Outcome.PASSED);
    assertThat(limiter.decide("k", 1).outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void delayOnePassesFirstExcessUndelayedDelaysSecondRejectsThird() {
    // limit_req_delay.t: delay=1 burst=2 -> 1st passed, 2nd passed undelayed, 3rd delayed, 4th rejected
    RedisRateLimiter limiter = limiter(RedisAlgorithm.parse("rate=1r/m burst=2 delay=1"));
    assertThat(limiter.decide("k", 1).outcome()).isEqualTo(Outcome.PASSED);
    assertThat(limiter.decide("k", 1).outcome()).isEqualTo(Outcome.PASSED);
    Decision third = limiter.decide("k", 1);
    assertThat(third.outcome()).isEqualTo(Outcome.DELAYED);
    // 1r/m is 16 milli-requests/s in nginx's integer arithmetic: one excess request is 1000*1000/16 ms
    assertThat(third.delayNanos()).isBetween(62_500_000_000L - SLACK, 62_500_000_000L);
    assertThat(limiter.decide("k", 1).outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void rejectionDoesNotChangeState(RedisServer server) throws Exception {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.limitReq(1, ChronoUnit.MINUTES).withBurst(1).withNodelay());
    limiter.decide("k", 1);
    limiter.decide("k", 1);
    String key = "corral:limit:{req:k}";
    String before = server.command("HGET", key, "e") + "@" + server.command("HGET", key, "l");
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.decide("k", 1).rejected()).isTrue();
    }
    assertThat(server.command("HGET", key, "e") + "@" + server.command("HGET", key, "l")).isEqualTo(before);
  }

  @Test
  void tryAcquireRefusesARequestThatWouldBeDelayedAndDoesNotCountIt() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.limitReq(1, ChronoUnit.MINUTES).withBurst(5));
    assertThat(limiter.tryAcquire("k", 1)).isTrue();
    assertThat(limiter.tryAcquire("k", 1)).isFalse();
    assertThat(limiter.nanosToWait("k", 1)).isPositive();
    // not counted: decide still sees only one request, so this one is delayed by one request's worth
    Decision d = limiter.decide("k", 1);
    assertThat(d.outcome()).isEqualTo(Outcome.DELAYED);
    assertThat(d.delayNanos()).isBetween(62_500_000_000L - SLACK, 62_500_000_000L);
  }

  @Test
  void reserveAdmitsWhenTheDelayFitsInMaxWait() {
    RedisRateLimiter limiter = limiter(RedisAlgorithm.limitReq(1, ChronoUnit.MINUTES).withBurst(5));
    limiter.decide("k", 1);
    assertThat(limiter.reserve("k", 1, Duration.ofSeconds(10).toNanos())).isEqualTo(-1);
    assertThat(limiter.reserve("k", 1, Duration.ofMinutes(2).toNanos()))
        .isBetween(62_500_000_000L - SLACK, 62_500_000_000L);
  }

  @Test
  void limitIsBurstPlusOne() {
    assertThat(limiter(RedisAlgorithm.parse("rate=10r/s burst=20 nodelay")).limit()).isEqualTo(21);
  }
}
