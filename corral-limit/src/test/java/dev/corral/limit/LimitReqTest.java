package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.Decision.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** nginx {@code limit_req} behaviour, as nginx-tests {@code limit_req*.t} check it, on a fake clock. */
class LimitReqTest {

  private final FakeTicker clock = new FakeTicker();

  private LimitReq limiter(String spec) {
    return (LimitReq) LimitSpec.parse(spec).build(clock);
  }

  @Test
  void limitReqT_burstNodelay_200_200_503() {
    // limit_req.t: rate=2r/s; limit_req zone=one burst=1 nodelay
    LimitReq one = limiter("rate=2r/s burst=1 nodelay");
    assertThat(one.decide().outcome()).isEqualTo(Outcome.PASSED);
    assertThat(one.decide().outcome()).isEqualTo(Outcome.PASSED);
    assertThat(one.decide().outcome()).isEqualTo(Outcome.REJECTED);
  }

  @Test
  void limitReqT_rejectsNotCounted() {
    LimitReq one = limiter("rate=2r/s burst=1 nodelay");
    one.decide();
    one.decide();
    for (int i = 0; i < 50; i++) {
      assertThat(one.decide().rejected()).isTrue();
      clock.advanceMillis(1);
    }
    // 50 ms in: excess 1000 - 2000*50/1000 + 1000 = 1900 > 1000
    assertThat(one.tryAcquire()).isFalse();
    // at 500 ms after the last accepted request the excess is back to 1000 = burst: allowed again.
    clock.advanceMillis(449);
    assertThat(one.tryAcquire()).isFalse();
    clock.advanceMillis(1);
    assertThat(one.decide().outcome()).isEqualTo(Outcome.PASSED);
    assertThat(one.tryAcquire()).isFalse();
  }

  @Test
  void limitReqT_negativeExcess() {
    // rate=1000r/s burst=1 (delay 0): after idling, excess never goes below zero
    LimitReq fast = limiter("rate=1000r/s burst=1");
    assertThat(fast.decide().outcome()).isEqualTo(Outcome.PASSED);
    clock.advanceMillis(100);
    Decision d = fast.decide();
    assertThat(d.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(d.delayNanos()).isZero();
    // excess is max(0, 0 - 100000 + 1000) = 0: the next one in the same ms has excess 1000 -> delayed 1 ms
    Decision d2 = fast.decide();
    assertThat(d2.outcome()).isEqualTo(Outcome.DELAYED);
    assertThat(d2.delayNanos()).isEqualTo(1_000_000L);
  }

  @Test
  void limitReqDelayT_30rm_delay1_burst2() {
    // limit_req_delay.t: rate=30r/m; limit_req zone=one delay=1 burst=2
    LimitReq one = limiter("rate=30r/m burst=2 delay=1");
    assertThat(one.rateMilliRequests()).isEqualTo(500);
    assertThat(one.decide().outcome()).as("request").isEqualTo(Outcome.PASSED);
    assertThat(one.decide().outcome()).as("not delayed").isEqualTo(Outcome.PASSED);
    Decision third = one.decide();
    assertThat(third.outcome()).as("delayed").isEqualTo(Outcome.DELAYED);
    // excess 2000, delay (2000 - 1000) * 1000 / 500 = 2000 ms
    assertThat(third.delay()).isEqualTo(Duration.ofMillis(2000));
    assertThat(one.decide().outcome()).as("rejected").isEqualTo(Outcome.REJECTED);
  }

  @Test
  void firstRequestForNewStatePassesWithoutCounting() {
    LimitReq l = limiter("rate=1r/s");   // burst 0
    assertThat(l.decide().outcome()).isEqualTo(Outcome.PASSED);
    // second request in the same ms: excess 0 + 1000 > burst 0
    Decision d = l.decide();
    assertThat(d.rejected()).isTrue();
    assertThat(d.retryAfterNanos()).isEqualTo(1_000_000_000L);
    clock.advanceMillis(999);
    assertThat(l.tryAcquire()).isFalse();
    clock.advanceMillis(1);
    assertThat(l.tryAcquire()).isTrue();
  }

  @Test
  void burstZeroRejectsAnythingFasterThanRate() {
    LimitReq l = limiter("rate=10r/s");
    assertThat(l.tryAcquire()).isTrue();
    for (int i = 0; i < 100; i++) {
      clock.advanceMillis(100);
      assertThat(l.tryAcquire()).as("every 100ms at 10r/s").isTrue();
      clock.advanceMillis(99);
      assertThat(l.tryAcquire()).as("99 ms later").isFalse();
      clock.advanceMillis(1);
      assertThat(l.tryAcquire()).isTrue();
      clock.advanceMillis(100);
      assertThat(l.tryAcquire()).isTrue();
    }
  }

  @Test
  void delayedRequestsEachComputeTheirOwnDelay() {
    // rate=10r/s burst=5 (no nodelay): request k (k>=2) in one instant waits (k-1)*100 ms
    LimitReq l = limiter("rate=10r/s burst=5");
    assertThat(l.decide().delayNanos()).isZero();
    for (int k = 1; k <= 5; k++) {
      Decision d = l.decide();
      assertThat(d.outcome()).isEqualTo(Outcome.DELAYED);
      assertThat(d.delay()).isEqualTo(Duration.ofMillis(100L * k));
      assertThat(d.remaining()).isEqualTo(5 - k);
    }
    assertThat(l.decide().rejected()).isTrue();
  }

  @Test
  void rejectionLeavesStateUnchanged() {
    LimitReq l = limiter("rate=1r/s burst=3 nodelay");
    for (int i = 0; i < 4; i++) {
      assertThat(l.tryAcquire()).isTrue();
    }
    long before = l.nanosToWait(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(l.decide().rejected()).isTrue();
      assertThat(l.tryAcquire()).isFalse();
      assertThat(l.reserve(1, 0)).isEqualTo(RateLimiter.REJECTED);
    }
    assertThat(l.nanosToWait(1)).isEqualTo(before).isEqualTo(1_000_000_000L);
    clock.advance(before);
    assertThat(l.tryAcquire()).isTrue();
  }

  @Test
  void tryAcquireRefusesWhatWouldBeDelayedWithoutCountingIt() {
    LimitReq l = limiter("rate=10r/s burst=5");
    assertThat(l.tryAcquire()).isTrue();
    assertThat(l.tryAcquire()).isFalse(); // would be delayed 100 ms
    assertThat(l.nanosToWait(1)).isEqualTo(100_000_000L);
    assertThat(l.reserve(1, 100_000_000L)).isEqualTo(100_000_000L);
    assertThat(l.reserve(1, 100_000_000L)).isEqualTo(RateLimiter.REJECTED); // would need 200 ms
    assertThat(l.reserve(1, 200_000_000L)).isEqualTo(200_000_000L);
  }

  @Test
  void ratePerMinuteUsesIntegerMilliRequests() {
    LimitReq l = limiter("rate=1r/m");
    assertThat(l.rateMilliRequests()).isEqualTo(16);
    assertThat(l.tryAcquire()).isTrue();
    // next allowed when 16*ms/1000 >= 1000, i.e. ms >= 62500
    assertThat(l.nanosToWait(1)).isEqualTo(62_500_000_000L);
    clock.advanceMillis(62_499);
    assertThat(l.tryAcquire()).isFalse();
    clock.advanceMillis(1);
    assertThat(l.tryAcquire()).isTrue();
  }

  @Test
  void truncationOfDecayIsLikeNginx() {
    // 1r/m: in 62 ms decay is 16*62/1000 = 0; nginx stores last = now anyway, losing that fraction.
    LimitReq l = limiter("rate=1r/m burst=10 nodelay");
    l.tryAcquire();
    for (int i = 0; i < 5; i++) {
      clock.advanceMillis(62);
      assertThat(l.tryAcquire()).isTrue();
    }
    // excess = 5000 exactly: no decay was credited
    assertThat(l.decide().remaining()).isEqualTo(4);
  }

  @Test
  void multiplePermitsAreSimultaneousRequests() {
    LimitReq l = limiter("rate=1r/s burst=4 nodelay");
    assertThat(l.tryAcquire(3)).isTrue();  // first free, then 2000
    assertThat(l.tryAcquire(3)).isFalse(); // 5000 > 4000
    assertThat(l.tryAcquire(2)).isTrue();  // 4000
    assertThat(l.tryAcquire(6)).isFalse();
    assertThat(l.nanosToWait(6)).isEqualTo(Decision.NEVER);
  }

  @Test
  void acquireSleepsTheDelayOnTheTicker() throws InterruptedException {
    LimitReq l = limiter("rate=10r/s burst=5");
    long t0 = clock.read();
    assertThat(l.acquire(1, Duration.ZERO)).isTrue();
    assertThat(l.acquire(1, Duration.ofMillis(100))).isTrue();
    assertThat(clock.read() - t0).isEqualTo(100_000_000L);
    assertThat(l.acquire(1, Duration.ofMillis(50))).isFalse();
  }

  @Test
  void resetAfterIsWhenExcessDecays() {
    LimitReq l = limiter("rate=2r/s burst=4 nodelay");
    l.decide();
    Decision d = l.decide(); // excess 1000
    assertThat(d.resetAfter()).isEqualTo(Duration.ofMillis(500));
    assertThat(d.limit()).isEqualTo(5);
  }

  @Test
  void atRestMatchesANewNode() {
    LimitReq l = limiter("rate=10r/s burst=2 nodelay");
    assertThat(l.atRest(clock.read())).isTrue();
    l.tryAcquire();
    l.tryAcquire(); // excess 1000
    assertThat(l.atRest(clock.read())).isFalse();
    clock.advanceMillis(199);
    assertThat(l.atRest(clock.read())).isFalse();
    clock.advanceMillis(1);
    assertThat(l.atRest(clock.read())).isTrue();
  }

  @Test
  void hugeIdleGapIsSafe() {
    LimitReq l = limiter("rate=10r/s burst=3 nodelay");
    for (int i = 0; i < 4; i++) {
      assertThat(l.tryAcquire()).isTrue();
    }
    assertThat(l.tryAcquire()).isFalse();
    clock.advance(Duration.ofDays(365L * 200));
    for (int i = 0; i < 4; i++) {
      assertThat(l.tryAcquire()).isTrue();
    }
    assertThat(l.tryAcquire()).isFalse();
  }

  @Test
  void packedClockWrapIsDetected() {
    // burst 100000 leaves 36 bits for the packed millisecond clock: it wraps every 2^36 ms (~795 days)
    LimitReq l = limiter("rate=1000r/s burst=100000 nodelay");
    assertThat(l.tryAcquire(100_001)).isTrue();
    assertThat(l.tryAcquire()).isFalse();
    clock.advanceMillis(1L << 36);
    assertThat(l.tryAcquire()).as("a full wrap later the state is at rest").isTrue();
    clock.advanceMillis((1L << 36) - 5);
    assertThat(l.tryAcquire(100_001)).isTrue();
    assertThat(l.tryAcquire()).isFalse();
    clock.advanceMillis(50_000);
    assertThat(l.tryAcquire(50_000)).isTrue();
    assertThat(l.tryAcquire(2)).isFalse();
  }
}
