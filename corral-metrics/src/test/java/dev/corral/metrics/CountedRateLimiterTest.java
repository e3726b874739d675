package dev.corral.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.limit.FakeTicker;
import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.LocalKeyedRateLimiter;
import dev.corral.limit.RateLimiter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A counted limiter's meters say what its limiter decided, in a real Prometheus registry. */
class CountedRateLimiterTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FakeTicker ticker = new FakeTicker();

  private double permits(String limiter, String result) {
    return registry.get("corral.limit.permits").tags("limiter", limiter, "result", result).functionCounter().count();
  }

  @Test
  void countsGrantedAndRejectedCalls() {
    CountedRateLimiter api = CountedRateLimiter.of("api", RateLimiter.of("rate=1r/s burst=2 nodelay", ticker));
    api.bindTo(registry);

    for (int i = 0; i < 5; i++) {
      api.tryAcquire();
    }

    assertThat(permits("api", "granted")).isEqualTo(3);
    assertThat(permits("api", "rejected")).isEqualTo(2);
    assertThat(permits("api", "delayed")).isZero();
  }

  @Test
  void aDecisionWithAWaitOwedIsCountedDelayed() {
    CountedRateLimiter api = CountedRateLimiter.of("api", RateLimiter.of("rate=1r/s burst=3 delay=1", ticker));
    api.bindTo(registry);

    api.decide();     // no excess: passed
    api.decide();     // one excess request, within delay=1: passed
    api.decide();     // beyond it: admitted with a wait
    api.reserve(1, Duration.ofMinutes(1).toNanos());

    assertThat(permits("api", "granted")).isEqualTo(2);
    assertThat(permits("api", "delayed")).isEqualTo(2);
  }

  @Test
  void acquireIsCountedOnceWhateverItTriesInside() throws InterruptedException {
    CountedRateLimiter api = CountedRateLimiter.of("api", RateLimiter.of("rate=1r/s burst=1 nodelay", ticker));
    api.bindTo(registry);

    assertThat(api.acquire(1, Duration.ofSeconds(5))).isTrue();
    assertThat(api.acquire(1, Duration.ofSeconds(5))).isTrue();   // sleeps on the fake clock, then passes
    assertThat(api.acquire(1, Duration.ZERO)).isFalse();

    assertThat(permits("api", "granted")).isEqualTo(2);
    assertThat(permits("api", "rejected")).isEqualTo(1);
    assertThat(registry.get("corral.limit.waiting").tag("limiter", "api").gauge().value()).isZero();
  }

  @Test
  void aKeyedLimiterIsCountedOverAllKeys() {
    CountedKeyedRateLimiter<String> perUser = CountedKeyedRateLimiter.of("per-user",
        LocalKeyedRateLimiter.<String>builder("rate=1r/s").ticker(ticker).build());
    perUser.bindTo(registry);
    KeyedRateLimiter<String> limiter = perUser;

    limiter.tryAcquire("alice");
    limiter.tryAcquire("alice");
    limiter.forKey("bob").tryAcquire();

    assertThat(permits("per-user", "granted")).isEqualTo(2);
    assertThat(permits("per-user", "rejected")).isEqualTo(1);
  }

  @Test
  void thePrometheusNamesAreTheDocumentedOnes() {
    CountedRateLimiter api = CountedRateLimiter.of("api", RateLimiter.of("rate=1r/s burst=1 nodelay", ticker));
    api.bindTo(registry);
    api.tryAcquire();

    assertThat(registry.scrape()).contains(
        "corral_limit_permits_total{limiter=\"api\",result=\"granted\"} 1.0",
        "corral_limit_waiting{limiter=\"api\"} 0.0");
  }
}
