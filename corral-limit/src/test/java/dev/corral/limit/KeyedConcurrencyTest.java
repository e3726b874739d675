package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeyedConcurrencyTest {

  @Test
  void limitConnPerKey() throws InterruptedException {
    FakeTicker clock = new FakeTicker();
    LocalKeyedConcurrencyLimiter<String> l = LocalKeyedConcurrencyLimiter.of(2, 2, clock);
    Permit a1 = l.tryAcquire("a");
    Permit a2 = l.tryAcquire("a");
    assertThat(l.tryAcquire("a")).isNull();
    Permit b1 = l.tryAcquire("b");
    assertThat(b1).isNotNull();
    assertThat(l.tryAcquire("c")).as("zone full: two busy keys").isNull();
    assertThat(l.inFlight("a")).isEqualTo(2);
    long t0 = clock.read();
    assertThat(l.acquire("a", Duration.ofMillis(100))).isNull();
    assertThat(clock.read() - t0).isGreaterThanOrEqualTo(100_000_000L);
    a1.close();
    a1.close();
    assertThat(l.inFlight("a")).isEqualTo(1);
    b1.close();
    assertThat(l.busyKeys()).isEqualTo(1);
    Permit c = l.acquireAsync("c", Duration.ofSeconds(1)).toCompletableFuture().join();
    assertThat(c).isNotNull();
    c.close();
    a2.close();
    assertThat(l.busyKeys()).isZero();
  }
}
