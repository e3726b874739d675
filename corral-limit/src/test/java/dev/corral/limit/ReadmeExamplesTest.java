package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.adaptive.Gradient2Limit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's examples, as written there. */
class ReadmeExamplesTest {

  @Test
  void examples() throws InterruptedException {
    RateLimiter limiter = RateLimiter.of("rate=10r/s burst=20 nodelay");
    assertThat(limiter.tryAcquire()).isTrue();
    Decision d = limiter.decide(1);
    assertThat(d.limit()).isEqualTo(21);
    assertThat(limiter.acquire(5, Duration.ofSeconds(2))).isTrue();
    assertThat(limiter.acquireAsync(1, Duration.ofMillis(500)).toCompletableFuture().join()).isTrue();

    TokenBucket api = TokenBucket.builder()
        .greedy(10, 10, Duration.ofSeconds(1))
        .greedy(100, 100, Duration.ofMinutes(1))
        .intervally(1000, 1000, Duration.ofHours(1))
        .build();
    assertThat(api.tryAcquire(10)).isTrue();
    assertThat(api.tryAcquire()).isFalse();
    assertThat(TokenBucket.builder().greedy(1, 10, Duration.ofSeconds(1)).warmUp(Duration.ofSeconds(5))
        .buildLimiter()).isInstanceOf(WarmingTokenBucket.class);

    LocalKeyedRateLimiter<String> perIp = LocalKeyedRateLimiter.<String>builder("rate=10r/s burst=20 nodelay")
        .maxKeys(100_000).idleExpiry(Duration.ofSeconds(60)).build();
    assertThat(perIp.tryAcquire("10.0.0.1")).isTrue();
    assertThat(perIp.forKey("10.0.0.7").decide().allowed()).isTrue();

    ConcurrencyLimiter bulkhead = InFlightLimiter.of(64);
    try (Permit p = bulkhead.acquire(Duration.ofMillis(100))) {
      assertThat(p).isNotNull();
      assertThat(bulkhead.inFlight()).isEqualTo(1);
    }
    assertThat(bulkhead.inFlight()).isZero();

    KeyedConcurrencyLimiter<String> perClient = LocalKeyedConcurrencyLimiter.of(10);
    perClient.tryAcquire("10.0.0.1").close();

    InFlightLimiter adaptive = InFlightLimiter.adaptive(Gradient2Limit.builder().minLimit(10).maxLimit(500).build());
    Permit q = adaptive.tryAcquire();
    q.onSuccess();

    FakeTicker clock = new FakeTicker();
    RateLimiter l = LimitSpec.parse("rate=2r/s burst=1 nodelay").build(clock);
    l.tryAcquire();
    l.tryAcquire();
    assertThat(l.tryAcquire()).isFalse();
    clock.advanceMillis(500);
    assertThat(l.tryAcquire()).isTrue();
  }
}
