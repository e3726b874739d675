package dev.corral.limit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.limit.LimitConfigException;
import dev.corral.limit.redis.RedisAlgorithm.Bandwidth;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Configuration errors are caught when the algorithm is built, with a message naming the value. */
class RedisAlgorithmTest {

  @Test
  void gcraRejectsARateAboveOnePermitPerMicrosecond() {
    assertThatThrownBy(() -> RedisAlgorithm.gcra(2_000_000, Duration.ofSeconds(1), 0))
        .isInstanceOf(LimitConfigException.class)
        .hasMessageContaining("rate: 2000000 per PT1S").hasMessageContaining("at most 1 permit per microsecond");
  }

  @Test
  void negativeBurstIsRefusedWithItsValue() {
    assertThatThrownBy(() -> RedisAlgorithm.gcra(1, Duration.ofSeconds(1), -1))
        .isInstanceOf(LimitConfigException.class).hasMessage("burst: -1 (expected: >= 0)");
    assertThatThrownBy(() -> RedisAlgorithm.limitReq(1, ChronoUnit.SECONDS).withBurst(-2))
        .hasMessage("burst: -2 (expected: >= 0)");
  }

  @Test
  void limitReqAcceptsOnlyPerSecondOrPerMinute() {
    assertThatThrownBy(() -> RedisAlgorithm.limitReq(1, ChronoUnit.HOURS))
        .isInstanceOf(LimitConfigException.class).hasMessageContaining("expected: SECONDS or MINUTES");
  }

  @Test
  void aSubMicrosecondWindowIsRefused() {
    assertThatThrownBy(() -> RedisAlgorithm.fixedWindow(10, Duration.ofNanos(10)))
        .isInstanceOf(LimitConfigException.class).hasMessage("window: PT0.00000001S (expected: >= 1 microsecond)");
  }

  @Test
  void productsBeyondLuaPrecisionAreRefused() {
    assertThatThrownBy(() -> Bandwidth.greedy(Long.MAX_VALUE / 2, 1, Duration.ofDays(1)))
        .isInstanceOf(LimitConfigException.class).hasMessageContaining("expected: <= 2^53");
  }

  @Test
  void slidingLogIsBoundedBecauseItKeepsOneEntryPerPermit() {
    assertThatThrownBy(() -> RedisAlgorithm.slidingLog(100_001, Duration.ofMinutes(1)))
        .isInstanceOf(LimitConfigException.class).hasMessageContaining("use slidingWindow");
  }

  @Test
  void warmupFromASpecGivesTheWarmingBucketOfTheLocalLimiter() {
    assertThat(RedisAlgorithm.parse("algorithm=token_bucket rate=10r/s warmup=10s"))
        .isEqualTo(RedisAlgorithm.warmingTokenBucket(10, Duration.ofSeconds(1), Duration.ofSeconds(10)));
    assertThat(RedisAlgorithm.parse("algorithm=token_bucket rate=10r/s warmup=10s").limit())
        .isEqualTo(dev.corral.limit.LimitSpec.parse("algorithm=token_bucket rate=10r/s warmup=10s")
            .build(new dev.corral.limit.FakeTicker()).limit());
  }

  @Test
  void aColdFactorOfOneOrLessIsRefused() {
    assertThatThrownBy(() -> RedisAlgorithm.warmingTokenBucket(10, Duration.ofSeconds(1), Duration.ofSeconds(10), 1))
        .isInstanceOf(LimitConfigException.class).hasMessage("cold factor: 1.0 (expected: a number greater than 1)");
  }

  @Test
  void specLimitsMatchCorralLimitsCounting() {
    assertThat(RedisAlgorithm.parse("rate=10r/s burst=20 nodelay").limit()).isEqualTo(21);
    assertThat(RedisAlgorithm.parse("algorithm=gcra rate=5r/s burst=3").limit()).isEqualTo(4);
    assertThat(RedisAlgorithm.parse("algorithm=token_bucket rate=100r/s capacity=500").limit()).isEqualTo(500);
    assertThat(RedisAlgorithm.parse("algorithm=sliding_window rate=100r/m").limit()).isEqualTo(100);
  }
}
