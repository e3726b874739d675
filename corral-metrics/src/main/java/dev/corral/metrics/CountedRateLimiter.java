package dev.corral.metrics;

import dev.corral.limit.Decision;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A {@link RateLimiter} that counts what the limiter it wraps decides, for Micrometer: every call made through this
 * view is counted once by outcome, and callers blocked in {@code acquire} are counted while they wait (the meters
 * {@code corral.limit.permits} and {@code corral.limit.waiting}, tag {@code limiter}). Calls made to the wrapped
 * limiter directly are not seen.
 *
 * <pre>{@code
 * CountedRateLimiter api = CountedRateLimiter.of("api", RateLimiter.of("rate=100r/s burst=20"));
 * api.bindTo(registry);
 * if (api.tryAcquire()) { ... }
 * }</pre>
 *
 * Counting is a striped add outside any lock; the meters read the sums when the registry publishes. Thread-safe
 * as the wrapped limiter is.
 */
public final class CountedRateLimiter implements RateLimiter, MeterBinder {
  private final String name;
  private final RateLimiter limiter;
  private final PermitCounts counts = new PermitCounts();

  private CountedRateLimiter(String name, RateLimiter limiter) {
    this.name = Objects.requireNonNull(name, "name");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /** Counts the calls made through the returned view of {@code limiter}, under the tag {@code limiter=name}. */
  public static CountedRateLimiter of(String name, RateLimiter limiter) {
    return new CountedRateLimiter(name, limiter);
  }

  /** Registers this limiter's meters. */
  @Override
  public void bindTo(MeterRegistry registry) {
    counts.bindTo(registry, name);
  }

  @Override
  public boolean tryAcquire(long permits) {
    return counts.admitted(limiter.tryAcquire(permits));
  }

  @Override
  public Decision decide(long permits) {
    return counts.decision(limiter.decide(permits));
  }

  @Override
  public long reserve(long permits, long maxWaitNanos) {
    return counts.reservation(limiter.reserve(permits, maxWaitNanos));
  }

  @Override
  public long nanosToWait(long permits) {
    return limiter.nanosToWait(permits);
  }

  @Override
  public boolean acquire(long permits, Duration timeout) throws InterruptedException {
    counts.waiting.incrementAndGet();
    try {
      return counts.admitted(limiter.acquire(permits, timeout));
    } finally {
      counts.waiting.decrementAndGet();
    }
  }

  @Override
  public CompletionStage<Decision> decideAsync(long permits) {
    return limiter.decideAsync(permits).thenApply(counts::decision);
  }

  @Override
  public CompletionStage<Long> reserveAsync(long permits, long maxWaitNanos) {
    return limiter.reserveAsync(permits, maxWaitNanos).thenApply(counts::reservation);
  }

  @Override
  public CompletionStage<Long> nanosToWaitAsync(long permits) {
    return limiter.nanosToWaitAsync(permits);
  }

  @Override
  public CompletionStage<Boolean> acquireAsync(long permits, Duration timeout) {
    counts.waiting.incrementAndGet();
    return limiter.acquireAsync(permits, timeout).whenComplete((ok, error) -> {
      counts.waiting.decrementAndGet();
      if (ok != null) {
        counts.admitted(ok);
      }
    });
  }

  @Override
  public long limit() {
    return limiter.limit();
  }

  @Override
  public Ticker ticker() {
    return limiter.ticker();
  }

  /** The name its meters are tagged with. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "counted " + name + " " + limiter;
  }
}
