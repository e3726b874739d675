package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.GuavaFakeClock;
import com.google.common.util.concurrent.RateLimiter;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Warm-up must behave as Guava's SmoothWarmingUp: compared call by call on twin fake clocks. */
class WarmingTokenBucketTest {

  @Test
  void sameGrantsAndWaitsAsGuava() {
    FakeTicker ours = new FakeTicker();
    FakeTicker theirs = new FakeTicker();
    LocalRateLimiter warm = TokenBucket.builder().greedy(1, 10, Duration.ofSeconds(1))
        .warmUp(Duration.ofSeconds(2)).ticker(ours).buildLimiter();
    RateLimiter guava = GuavaFakeClock.warmingUp(10.0, Duration.ofSeconds(2).toNanos(), 3.0, theirs);
    Random rnd = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      long step = rnd.nextInt(10) < 2 ? rnd.nextInt(3_000_000) * 1000L : rnd.nextInt(50_000) * 1000L;
      ours.advance(step);
      theirs.advance(step);
      int permits = 1 + rnd.nextInt(3);
      if (rnd.nextBoolean()) {
        assertThat(warm.tryAcquire(permits)).as("call %d", i).isEqualTo(guava.tryAcquire(permits));
      } else {
        long timeoutMicros = rnd.nextInt(400_000);
        boolean g = guava.tryAcquire(permits, Duration.ofNanos(timeoutMicros * 1000));
        long w = warm.reserve(permits, timeoutMicros * 1000);
        assertThat(w >= 0).as("call %d", i).isEqualTo(g);
        if (w > 0) {
          ours.advance(w);
        }
      }
      assertThat(ours.read() - theirs.read()).isZero();
    }
  }

  @Test
  void startsColdAndSpeedsUp() {
    FakeTicker clock = new FakeTicker();
    LocalRateLimiter warm = LimitSpec.parse("algorithm=token_bucket rate=10r/s warmup=2s").build(clock);
    assertThat(warm).isInstanceOf(WarmingTokenBucket.class);
    long[] waits = new long[30];
    for (int i = 0; i < waits.length; i++) {
      waits[i] = warm.reserve(1, Long.MAX_VALUE);
      clock.advance(waits[i]);
    }
    // cold: first intervals ~ 3 x 100 ms, decreasing to the stable 100 ms
    assertThat(waits[1]).isGreaterThan(250_000_000L);
    assertThat(waits[29]).isEqualTo(100_000_000L);
    for (int i = 2; i < waits.length; i++) {
      assertThat(waits[i]).isLessThanOrEqualTo(waits[i - 1]);
    }
  }
}
