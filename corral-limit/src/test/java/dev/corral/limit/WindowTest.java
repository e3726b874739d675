package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowTest {

  private final FakeTicker clock = new FakeTicker();

  @Test
  void fixedWindowResetsAtTheBoundary() {
    FixedWindow f = FixedWindow.of(3, Duration.ofSeconds(1), clock);
    clock.advanceMillis(900);
    assertThat(f.tryAcquire(3)).isTrue();
    assertThat(f.tryAcquire()).isFalse();
    Decision d = f.decide();
    assertThat(d.retryAfter()).isEqualTo(Duration.ofMillis(100));
    assertThat(d.resetAfter()).isEqualTo(Duration.ofMillis(100));
    clock.advanceMillis(100);
    assertThat(f.tryAcquire(3)).isTrue(); // the edge: 6 in 100 ms, as fixed windows allow
    assertThat(f.tryAcquire()).isFalse();
  }

  @Test
  void fixedWindowReservesFutureWindowsWithoutStraddling() {
    FixedWindow f = FixedWindow.of(3, Duration.ofSeconds(1), clock);
    assertThat(f.tryAcquire(2)).isTrue();
    assertThat(f.reserve(2, Duration.ofSeconds(5).toNanos())).isEqualTo(1_000_000_000L);
    // one counter: booking ahead forfeits what was left of this window (conservative, never more)
    assertThat(f.tryAcquire()).isFalse();
    assertThat(f.reserve(2, Duration.ofSeconds(5).toNanos())).isEqualTo(2_000_000_000L);
    assertThat(f.reserve(1, Duration.ofSeconds(5).toNanos())).isEqualTo(2_000_000_000L);
    assertThat(f.reserve(1, Duration.ofMillis(1500).toNanos())).isEqualTo(RateLimiter.REJECTED);
  }

  @Test
  void slidingCounterWeighsThePreviousWindow() {
    SlidingWindowCounter s = SlidingWindowCounter.of(10, Duration.ofSeconds(1), clock);
    assertThat(s.tryAcquire(10)).isTrue();
    assertThat(s.tryAcquire()).isFalse();
    clock.advanceMillis(1000);   // new window, prev = 10 at weight 1.0
    assertThat(s.tryAcquire()).isFalse();
    clock.advanceMillis(250);    // weight 0.75 -> 7.5 used
    assertThat(s.tryAcquire(2)).isTrue();  // 7.5 + 2 = 9.5
    assertThat(s.tryAcquire(1)).isFalse(); // 10.5
    Decision d = s.decide();
    // 10*(1 - t) + 2 + 1 <= 10 -> t >= 0.3
    assertThat(d.retryAfter()).isEqualTo(Duration.ofMillis(50));
    clock.advanceMillis(50);
    assertThat(s.tryAcquire()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(s.tryAcquire(10)).isTrue();
  }

  @Test
  void slidingCounterSurvivesIndexWrap() {
    SlidingWindowCounter s = SlidingWindowCounter.of(1 << 26, Duration.ofMillis(1), clock); // 9 index bits
    assertThat(s.tryAcquire(1 << 26)).isTrue();
    assertThat(s.tryAcquire()).isFalse();
    clock.advanceMillis(512);  // exactly 2^9 windows: same index modulo 2^9
    assertThat(s.tryAcquire()).isTrue();
  }

  @Test
  void slidingLogIsExact() {
    SlidingWindowLog l = SlidingWindowLog.of(3, Duration.ofSeconds(1), clock);
    assertThat(l.tryAcquire()).isTrue();
    clock.advanceMillis(400);
    assertThat(l.tryAcquire(2)).isTrue();
    assertThat(l.tryAcquire()).isFalse();
    assertThat(l.nanosToWait(1)).isEqualTo(600_000_000L);
    assertThat(l.nanosToWait(3)).isEqualTo(1_000_000_000L);
    clock.advanceMillis(600);
    assertThat(l.tryAcquire()).isTrue();
    assertThat(l.tryAcquire()).isFalse();
    assertThat(l.nanosToWait(4)).isEqualTo(Decision.NEVER);
  }

  @Test
  void slidingWindowsPollInAcquire() throws InterruptedException {
    SlidingWindowLog l = SlidingWindowLog.of(2, Duration.ofSeconds(1), clock);
    long t0 = clock.read();
    for (int i = 0; i < 6; i++) {
      assertThat(l.acquire(1, Duration.ofSeconds(2))).isTrue();
    }
    assertThat(clock.read() - t0).isEqualTo(2_000_000_000L);
  }
}
