package dev.corral.metrics;

import dev.corral.limit.Decision;
import dev.corral.limit.RateLimiter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outcome counts of one limiter, kept where the calls happen (striped adders, no lock) and read by
 * Micrometer only when the registry publishes:
 *
 * <ul>
 *   <li>{@code corral.limit.permits} (counter; tags {@code limiter}, {@code result=granted|delayed|rejected}):
 *       calls, not permits, by outcome; {@code delayed} is a call admitted with a wait owed (nginx limit_req's
 *       delay, a reservation in the future)</li>
 *   <li>{@code corral.limit.waiting} (gauge; tag {@code limiter}): callers inside a blocking or asynchronous
 *       {@code acquire} right now</li>
 * </ul>
 * Thread-safe.
 */
final class PermitCounts {
  static final String PERMITS = "corral.limit.permits";
  static final String WAITING = "corral.limit.waiting";

  private final LongAdder granted = new LongAdder();
  private final LongAdder delayed = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  /** Callers between entering and leaving an acquire; never negative. */
  final AtomicInteger waiting = new AtomicInteger();

  Decision decision(Decision d) {
    switch (d.outcome()) {
      case PASSED -> granted.increment();
      case DELAYED -> delayed.increment();
      case REJECTED -> rejected.increment();
    }
    return d;
  }

  /** Counts a {@link RateLimiter#reserve} result: negative refused, 0 granted now, positive granted with a wait. */
  long reservation(long wait) {
    if (wait < 0) {
      rejected.increment();
    } else if (wait == 0) {
      granted.increment();
    } else {
      delayed.increment();
    }
    return wait;
  }

  boolean admitted(boolean ok) {
    (ok ? granted : rejected).increment();
    return ok;
  }

  long granted() {
    return granted.sum();
  }

  long delayed() {
    return delayed.sum();
  }

  long rejected() {
    return rejected.sum();
  }

  void bindTo(MeterRegistry registry, String limiter) {
    Tags tags = Tags.of("limiter", limiter);
    counter(registry, tags, "granted", granted);
    counter(registry, tags, "delayed", delayed);
    counter(registry, tags, "rejected", rejected);
    Gauge.builder(WAITING, waiting, AtomicInteger::get).tags(tags)
        .description("Callers waiting in acquire for a corral limiter's permits").register(registry);
  }

  private static void counter(MeterRegistry registry, Tags tags, String result, LongAdder adder) {
    FunctionCounter.builder(PERMITS, adder, LongAdder::sum).tags(tags).tag("result", result)
        .description("Calls to a corral limiter, by outcome").register(registry);
  }
}
