package dev.corral.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.limit.InFlightLimiter;
import dev.corral.limit.Permit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A counted concurrency limiter's meters: permits by outcome, in flight, the cap, and callers waiting. */
class CountedConcurrencyLimiterTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double gauge(String name) {
    return registry.get(name).tag("limiter", "db").gauge().value();
  }

  @Test
  void countsPermitsHeldAndRefused() {
    CountedConcurrencyLimiter db = CountedConcurrencyLimiter.of("db", InFlightLimiter.of(2));
    db.bindTo(registry);

    Permit first = db.tryAcquire();
    db.tryAcquire();
    assertThat(db.tryAcquire()).isNull();

    assertThat(gauge("corral.limit.in.flight")).isEqualTo(2);
    assertThat(gauge("corral.limit.max.in.flight")).isEqualTo(2);
    assertThat(registry.get("corral.limit.permits").tags("limiter", "db", "result", "granted").functionCounter()
        .count()).isEqualTo(2);
    assertThat(registry.get("corral.limit.permits").tags("limiter", "db", "result", "rejected").functionCounter()
        .count()).isEqualTo(1);
    first.release();
    assertThat(gauge("corral.limit.in.flight")).isEqualTo(1);
  }

  @Test
  void aCallerBlockedInAcquireIsCountedWhileItWaits() throws Exception {
    CountedConcurrencyLimiter db = CountedConcurrencyLimiter.of("db", InFlightLimiter.of(1));
    db.bindTo(registry);
    Permit held = db.tryAcquire();

    CompletableFuture<Permit> waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return db.acquire(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, Thread.ofVirtual()::start);
    await().atMost(Duration.ofSeconds(10)).until(() -> gauge("corral.limit.waiting") == 1);

    held.release();

    assertThat(waiter.get()).isNotNull();
    assertThat(gauge("corral.limit.waiting")).isZero();
  }
}
