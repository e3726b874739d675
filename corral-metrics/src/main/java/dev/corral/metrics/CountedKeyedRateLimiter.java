package dev.corral.metrics;

import dev.corral.limit.Decision;
import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A {@link KeyedRateLimiter} that counts what the limiter it wraps decides, over all keys together (keys are not
 * tags: their number is unbounded). The meters are {@link CountedRateLimiter}'s. Thread-safe as the wrapped
 * limiter is.
 *
 * @param <K> the key type
 */
public final class CountedKeyedRateLimiter<K> implements KeyedRateLimiter<K>, MeterBinder {
  private final String name;
  private final KeyedRateLimiter<K> limiter;
  private final PermitCounts counts = new PermitCounts();

  private CountedKeyedRateLimiter(String name, KeyedRateLimiter<K> limiter) {
    this.name = Objects.requireNonNull(name, "name");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /** Counts the calls made through the returned view of {@code limiter}, under the tag {@code limiter=name}. */
  public static <K> CountedKeyedRateLimiter<K> of(String name, KeyedRateLimiter<K> limiter) {
    return new CountedKeyedRateLimiter<>(name, limiter);
  }

  /** Registers this limiter's meters. */
  @Override
  public void bindTo(MeterRegistry registry) {
    counts.bindTo(registry, name);
  }

  @Override
  public boolean tryAcquire(K key, long permits) {
    return counts.admitted(limiter.tryAcquire(key, permits));
  }

  @Override
  public Decision decide(K key, long permits) {
    return counts.decision(limiter.decide(key, permits));
  }

  @Override
  public long reserve(K key, long permits, long maxWaitNanos) {
    return counts.reservation(limiter.reserve(key, permits, maxWaitNanos));
  }

  @Override
  public long nanosToWait(K key, long permits) {
    return limiter.nanosToWait(key, permits);
  }

  @Override
  public boolean acquire(K key, long permits, Duration timeout) throws InterruptedException {
    counts.waiting.incrementAndGet();
    try {
      return counts.admitted(limiter.acquire(key, permits, timeout));
    } finally {
      counts.waiting.decrementAndGet();
    }
  }

  @Override
  public CompletionStage<Decision> decideAsync(K key, long permits) {
    return limiter.decideAsync(key, permits).thenApply(counts::decision);
  }

  @Override
  public CompletionStage<Long> reserveAsync(K key, long permits, long maxWaitNanos) {
    return limiter.reserveAsync(key, permits, maxWaitNanos).thenApply(counts::reservation);
  }

  @Override
  public CompletionStage<Long> nanosToWaitAsync(K key, long permits) {
    return limiter.nanosToWaitAsync(key, permits);
  }

  @Override
  public CompletionStage<Boolean> acquireAsync(K key, long permits, Duration timeout) {
    counts.waiting.incrementAndGet();
    return limiter.acquireAsync(key, permits, timeout).whenComplete((ok, error) -> {
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
}
