package dev.corral.metrics;

import dev.corral.limit.ConcurrencyLimiter;
import dev.corral.limit.Permit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A {@link ConcurrencyLimiter} that counts what the limiter it wraps decides, for Micrometer:
 *
 * <ul>
 *   <li>{@code corral.limit.permits} (counter; tags {@code limiter}, {@code result=granted|rejected}): acquire
 *       calls by outcome (a timed-out wait is rejected)</li>
 *   <li>{@code corral.limit.waiting} (gauge): callers waiting in {@code acquire} for a permit</li>
 *   <li>{@code corral.limit.in.flight} and {@code corral.limit.max.in.flight} (gauges): permits held, and the cap
 *       (fixed or the adaptive estimate), read from the limiter when published</li>
 * </ul>
 * Thread-safe as the wrapped limiter is.
 */
public final class CountedConcurrencyLimiter implements ConcurrencyLimiter, MeterBinder {
  private final String name;
  private final ConcurrencyLimiter limiter;
  private final PermitCounts counts = new PermitCounts();

  private CountedConcurrencyLimiter(String name, ConcurrencyLimiter limiter) {
    this.name = Objects.requireNonNull(name, "name");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /** Counts the calls made through the returned view of {@code limiter}, under the tag {@code limiter=name}. */
  public static CountedConcurrencyLimiter of(String name, ConcurrencyLimiter limiter) {
    return new CountedConcurrencyLimiter(name, limiter);
  }

  /** Registers this limiter's meters. */
  @Override
  public void bindTo(MeterRegistry registry) {
    counts.bindTo(registry, name);
    Gauge.builder("corral.limit.in.flight", limiter, ConcurrencyLimiter::inFlight).tag("limiter", name)
        .description("Permits a corral concurrency limiter has handed out and not had back").register(registry);
    Gauge.builder("corral.limit.max.in.flight", limiter, ConcurrencyLimiter::limit).tag("limiter", name)
        .description("The cap of a corral concurrency limiter").register(registry);
  }

  @Override
  public Permit tryAcquire() {
    return counted(limiter.tryAcquire());
  }

  @Override
  public Permit acquire(Duration timeout) throws InterruptedException {
    counts.waiting.incrementAndGet();
    try {
      return counted(limiter.acquire(timeout));
    } finally {
      counts.waiting.decrementAndGet();
    }
  }

  @Override
  public CompletionStage<Permit> acquireAsync(Duration timeout) {
    counts.waiting.incrementAndGet();
    return limiter.acquireAsync(timeout).whenComplete((permit, error) -> {
      counts.waiting.decrementAndGet();
      counts.admitted(permit != null);
    });
  }

  @Override
  public CompletionStage<Permit> tryAcquireAsync() {
    return limiter.tryAcquireAsync().thenApply(this::counted);
  }

  @Override
  public int inFlight() {
    return limiter.inFlight();
  }

  @Override
  public int limit() {
    return limiter.limit();
  }

  /** The name its meters are tagged with. */
  public String name() {
    return name;
  }

  private Permit counted(Permit permit) {
    counts.admitted(permit != null);
    return permit;
  }
}
