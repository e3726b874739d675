package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.limit.adaptive.AimdLimit;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

  @Test
  void capsInFlightAndReleasesOnce() {
    InFlightLimiter l = InFlightLimiter.of(2);
    Permit a = l.tryAcquire();
    Permit b = l.tryAcquire();
    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
    assertThat(l.tryAcquire()).isNull();
    a.close();
    a.close();
    a.onDropped();
    assertThat(l.inFlight()).isEqualTo(1);
    try (Permit c = l.tryAcquire()) {
      assertThat(c).isNotNull();
      assertThat(l.tryAcquire()).isNull();
    }
    b.release();
    assertThat(l.inFlight()).isZero();
  }

  @Test
  void rawPairAllocatesNothing() {
    InFlightLimiter l = InFlightLimiter.of(1);
    assertThat(l.tryEnter()).isTrue();
    assertThat(l.tryEnter()).isFalse();
    l.exit();
    assertThat(l.tryEnter()).isTrue();
    l.exit();
    assertThatThrownBy(l::exit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void blockedWaiterGetsTheReleasedPermit() throws Exception {
    InFlightLimiter l = InFlightLimiter.of(1);
    Permit held = l.tryAcquire();
    CompletableFuture<Permit> got = new CompletableFuture<>();
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        got.complete(l.acquire(Duration.ofSeconds(10)));
      } catch (InterruptedException e) {
        got.completeExceptionally(e);
      }
    });
    while (l.queued() == 0) {
      Thread.onSpinWait();
    }
    held.close();
    Permit p = got.get(5, TimeUnit.SECONDS);
    assertThat(p).isNotNull();
    assertThat(l.inFlight()).isEqualTo(1);
    p.close();
    waiter.join();
    assertThat(l.inFlight()).isZero();
  }

  @Test
  void blockingAcquireTimesOut() throws InterruptedException {
    InFlightLimiter l = InFlightLimiter.of(1);
    l.tryAcquire();
    long t0 = System.nanoTime();
    assertThat(l.acquire(Duration.ofMillis(50))).isNull();
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(l.queued()).isZero();
    assertThat(l.inFlight()).isEqualTo(1);
  }

  @Test
  void asyncWaiterCompletesOnReleaseOrFailsOnTimeout() throws Exception {
    InFlightLimiter l = InFlightLimiter.of(1);
    Permit held = l.tryAcquire();
    CompletableFuture<Permit> f = l.acquireAsync(Duration.ofSeconds(10)).toCompletableFuture();
    assertThat(f).isNotDone();
    held.close();
    Permit p = f.get(5, TimeUnit.SECONDS);
    assertThat(l.inFlight()).isEqualTo(1);
    CompletableFuture<Permit> late = l.acquireAsync(Duration.ofMillis(30)).toCompletableFuture();
    assertThatThrownBy(late::join).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(RateLimitedException.class);
    p.close();
    assertThat(l.inFlight()).isZero();
    assertThat(l.queued()).isZero();
  }

  @Test
  void interruptedWaiterLeavesNothingBehind() throws Exception {
    InFlightLimiter l = InFlightLimiter.of(1);
    Permit held = l.tryAcquire();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        l.acquire(Duration.ofSeconds(30));
        outcome.complete(null);
      } catch (InterruptedException e) {
        outcome.complete(e);
      }
    });
    while (l.queued() == 0) {
      Thread.onSpinWait();
    }
    t.interrupt();
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    held.close();
    assertThat(l.inFlight()).isZero();
  }

  @Test
  void adaptiveLimitLearnsFromReleases() {
    FakeTicker clock = new FakeTicker();
    AimdLimit aimd = AimdLimit.builder().initialLimit(2).minLimit(1).maxLimit(10)
        .timeout(Duration.ofMillis(100)).build();
    InFlightLimiter l = InFlightLimiter.adaptive(aimd, clock);
    assertThat(l.limit()).isEqualTo(2);
    for (int i = 0; i < 5; i++) {
      Permit a = l.tryAcquire();
      Permit b = l.tryAcquire();
      clock.advanceMillis(10);
      a.close();
      b.close();
    }
    assertThat(l.limit()).isGreaterThan(2);
    int grown = l.limit();
    Permit slow = l.tryAcquire();
    clock.advanceMillis(500);
    slow.close(); // slower than the timeout: back off
    assertThat(l.limit()).isLessThan(grown);
    Permit ignored = l.tryAcquire();
    int before = l.limit();
    ignored.onIgnore();
    assertThat(l.limit()).isEqualTo(before);
  }
}
