package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcraTest {

  private final FakeTicker clock = new FakeTicker();

  @Test
  void burstPlusOneAtOnceThenOnePerInterval() {
    // redis-cell: CL.THROTTLE key 5 10 1 -> max_burst 5, 10 per second
    Gcra g = Gcra.of(10, Duration.ofSeconds(1), 5, clock);
    assertThat(g.limit()).isEqualTo(6);
    for (int i = 0; i < 6; i++) {
      Decision d = g.decide();
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(5 - i);
    }
    Decision d = g.decide();
    assertThat(d.rejected()).isTrue();
    assertThat(d.retryAfter()).isEqualTo(Duration.ofMillis(100));
    assertThat(d.resetAfter()).isEqualTo(Duration.ofMillis(600));
    clock.advanceMillis(100);
    assertThat(g.tryAcquire()).isTrue();
    assertThat(g.tryAcquire()).isFalse();
  }

  @Test
  void rejectionDoesNotMoveTat() {
    Gcra g = Gcra.of(1, Duration.ofSeconds(1), 0, clock);
    assertThat(g.tryAcquire()).isTrue();
    for (int i = 0; i < 100; i++) {
      assertThat(g.tryAcquire()).isFalse();
    }
    clock.advance(Duration.ofSeconds(1));
    assertThat(g.tryAcquire()).isTrue();
  }

  @Test
  void reservesFutureSlots() {
    Gcra g = Gcra.of(10, Duration.ofSeconds(1), 0, clock);
    assertThat(g.reserve(1, 0)).isZero();
    assertThat(g.reserve(1, Duration.ofSeconds(1).toNanos())).isEqualTo(100_000_000L);
    assertThat(g.reserve(1, Duration.ofSeconds(1).toNanos())).isEqualTo(200_000_000L);
    assertThat(g.reserve(5, 0)).isEqualTo(RateLimiter.REJECTED);
    assertThat(g.nanosToWait(2)).isEqualTo(Decision.NEVER);
  }

  @Test
  void emissionIntervalRoundsUp() {
    Gcra g = Gcra.of(3, Duration.ofSeconds(1), 0, clock);
    assertThat(g.emissionIntervalNanos()).isEqualTo(333_333_334L);
  }
}
