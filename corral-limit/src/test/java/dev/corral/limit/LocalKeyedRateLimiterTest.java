package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalKeyedRateLimiterTest {

  private final FakeTicker clock = new FakeTicker();

  @Test
  void keysAreIndependentAndNewKeysPassFirst() {
    LocalKeyedRateLimiter<String> k = LocalKeyedRateLimiter.<String>builder("rate=1r/s").ticker(clock).build();
    assertThat(k.tryAcquire("a")).isTrue();
    assertThat(k.tryAcquire("a")).isFalse();
    assertThat(k.tryAcquire("b")).isTrue();
    assertThat(k.decide("a").retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(k.forKey("c").tryAcquire()).isTrue();
    assertThat(k.size()).isEqualTo(3);
    assertThat(k.limit()).isEqualTo(1);
  }

  @Test
  void limiterOfAKeyIsTheOneItsKeyedCallsUseAndShowsNginxExcess() {
    LocalKeyedRateLimiter<String> k = LocalKeyedRateLimiter.<String>builder(
        LimitSpec.parse("rate=2r/s burst=1 nodelay")).ticker(clock).build();
    LimitReq a = (LimitReq) k.limiter("a");
    assertThat(k.size()).isEqualTo(1);
    assertThat(a.nextExcessMilliRequests()).isZero();
    assertThat(k.tryAcquire("a")).isTrue();
    assertThat(a.nextExcessMilliRequests()).isEqualTo(1000);
    clock.advanceMillis(250);
    // nginx: 0 - 2000 * 250 / 1000 + 1000 = 500, within burst=1 (1000)
    assertThat(a.nextExcessMilliRequests()).isEqualTo(500);
    assertThat(k.tryAcquire("a")).isTrue();
    assertThat(a.nextExcessMilliRequests()).isEqualTo(1500);
    assertThat(k.tryAcquire("a")).isFalse();
    assertThat(a.nextExcessMilliRequests()).isEqualTo(1500);
    assertThat(k.limiter("a")).isSameAs(a);
  }

  @Test
  void nanosToWaitForUnknownKeyCreatesNothing() {
    LocalKeyedRateLimiter<String> k = LocalKeyedRateLimiter.<String>builder("rate=1r/s").ticker(clock).build();
    assertThat(k.nanosToWait("x", 1)).isZero();
    assertThat(k.nanosToWait("x", 2)).isEqualTo(Decision.NEVER);
    assertThat(k.size()).isZero();
  }

  @Test
  void idleEntriesAtRestExpire() {
    LocalKeyedRateLimiter<Integer> k = LocalKeyedRateLimiter.<Integer>builder("rate=10r/s burst=5 nodelay")
        .idleExpiry(Duration.ofSeconds(60)).ticker(clock).build();
    for (int i = 0; i < 100; i++) {
      k.tryAcquire(i);
    }
    clock.advance(Duration.ofSeconds(59));
    k.cleanUp();
    assertThat(k.size()).isEqualTo(100);
    clock.advance(Duration.ofSeconds(1));
    k.cleanUp();
    assertThat(k.size()).isZero();
    assertThat(k.expiredCount()).isEqualTo(100);
  }

  @Test
  void entriesNotAtRestSurviveIdleExpiry() {
    LocalKeyedRateLimiter<String> k = LocalKeyedRateLimiter.<String>builder("algorithm=gcra rate=1r/m burst=2")
        .idleExpiry(Duration.ofSeconds(1)).ticker(clock).build();
    assertThat(k.tryAcquire("a", 3)).isTrue();
    clock.advance(Duration.ofSeconds(10));
    k.cleanUp();
    assertThat(k.size()).as("its TAT is still ahead: dropping it would forget usage").isEqualTo(1);
    assertThat(k.tryAcquire("a")).isFalse();
    clock.advance(Duration.ofMinutes(3));
    k.cleanUp();
    assertThat(k.size()).isZero();
  }

  @Test
  void insertsSweepIdleEntriesIncrementally() {
    LocalKeyedRateLimiter<Integer> k = LocalKeyedRateLimiter.<Integer>builder("rate=10r/s")
        .idleExpiry(Duration.ofSeconds(1)).ticker(clock).build();
    for (int i = 0; i < 50; i++) {
      k.tryAcquire(i);
    }
    clock.advance(Duration.ofSeconds(2));
    for (int i = 1000; i < 1100; i++) {
      k.tryAcquire(i);
    }
    assertThat(k.expiredCount()).isEqualTo(50);
    assertThat(k.size()).isEqualTo(100);
  }

  @Test
  void maxKeysBoundsMemoryEvictingLeastRecentlyUsed() {
    LocalKeyedRateLimiter<Integer> k = LocalKeyedRateLimiter.<Integer>builder("rate=10r/s burst=100 nodelay")
        .maxKeys(1000).idleExpiry(Duration.ofHours(1)).ticker(clock).build();
    for (int i = 0; i < 10_000; i++) {
      clock.advanceMillis(1);
      k.tryAcquire(i);
      k.tryAcquire(0); // key 0 stays hot
    }
    assertThat(k.size()).isLessThanOrEqualTo(1000);
    assertThat(k.evictedCount()).isGreaterThanOrEqualTo(9000);
    assertThat(k.decide(0).remaining()).as("the hot key kept its state").isLessThan(100);
  }

  @Test
  void concurrentInsertsStayNearTheBound() throws InterruptedException {
    LocalKeyedRateLimiter<Long> k = LocalKeyedRateLimiter.<Long>builder("rate=10r/s").maxKeys(500).build();
    Thread[] ts = new Thread[4];
    for (int t = 0; t < ts.length; t++) {
      long base = t * 1_000_000L;
      ts[t] = new Thread(() -> {
        for (long i = 0; i < 20_000; i++) {
          k.tryAcquire(base + i);
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(k.size()).isLessThanOrEqualTo(500 + ts.length);
  }

  @Test
  void compactTokenBucketsPerKeyStartFullAndShareConfig() {
    LocalKeyedRateLimiter<String> k = LocalKeyedRateLimiter.<String>builder(
        "algorithm=token_bucket rate=3r/s capacity=2").ticker(clock).build();
    clock.advance(Duration.ofSeconds(7));         // keys created later than the zone still start full
    assertThat(k.tryAcquire("a", 2)).isTrue();
    assertThat(k.tryAcquire("a")).isFalse();
    assertThat(k.decide("a", 1).retryAfterNanos()).isEqualTo(333_333_334L);
    assertThat(k.reserve("a", 1, 1_000_000_000L)).isEqualTo(333_333_334L);
    assertThat(k.nanosToWait("a", 1)).isEqualTo(666_666_667L);
    assertThat(k.tryAcquire("b", 2)).isTrue();
    clock.advanceMillis(667);
    assertThat(k.tryAcquire("a")).isTrue();
    assertThat(k.tryAcquire("b", 2)).isTrue();
  }

  @Test
  void compactIntervalBucketsPerKey() {
    LocalKeyedRateLimiter<String> k = LocalKeyedRateLimiter.<String>builder(
        "algorithm=token_bucket rate=5r/s capacity=5 refill=interval").ticker(clock).build();
    clock.advanceMillis(300);
    assertThat(k.tryAcquire("a", 5)).isTrue();
    assertThat(k.tryAcquire("a")).isFalse();
    assertThat(k.nanosToWait("a", 1)).isEqualTo(700_000_000L); // refills on the zone's period boundary
  }
}
