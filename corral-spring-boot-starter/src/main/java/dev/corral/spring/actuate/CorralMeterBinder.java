package dev.corral.spring.actuate;

import dev.corral.async.Bagpipe;
import dev.corral.spring.bagpipe.CorralBagpipes;
import dev.corral.spring.bagpipe.NamedBagpipe;
import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.limit.NamedLimiter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Registers Corral's meters with the application's registry (Spring Boot binds every {@link MeterBinder} bean).
 * Each meter reads the limiter's or pipe's own counters when it is published, so the hot paths pay nothing.
 *
 * <ul>
 *   <li>{@code corral.limiter.permits} (counter; tags {@code limiter}, {@code result=granted|rejected})</li>
 *   <li>{@code corral.limiter.keys} (gauge, keyed limiters; tag {@code limiter}): keys held</li>
 *   <li>{@code corral.bagpipe.active}, {@code corral.bagpipe.queued} (gauges; tag {@code bagpipe})</li>
 *   <li>{@code corral.bagpipe.calls} (counter; tags {@code bagpipe},
 *       {@code result=succeeded|failed|timed_out|rejected|cancelled}); failed includes timed out</li>
 * </ul>
 * Thread-safe.
 */
public final class CorralMeterBinder implements MeterBinder {
  private final CorralLimiters limiters;
  private final CorralBagpipes bagpipes;

  /** A binder for the meters of these registries. */
  public CorralMeterBinder(CorralLimiters limiters, CorralBagpipes bagpipes) {
    this.limiters = limiters;
    this.bagpipes = bagpipes;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (NamedLimiter l : limiters.all()) {
      permits(registry, l, "granted", NamedLimiter::granted);
      permits(registry, l, "rejected", NamedLimiter::rejected);
      if (l.isKeyed()) {
        Gauge.builder("corral.limiter.keys", l, NamedLimiter::keys).tag("limiter", l.name())
            .description("Keys held by a keyed limiter").register(registry);
      }
    }
    for (NamedBagpipe p : bagpipes.all()) {
      Bagpipe pipe = p.pipe();
      Gauge.builder("corral.bagpipe.active", pipe, Bagpipe::active).tag("bagpipe", p.name())
          .description("Calls holding a slot").register(registry);
      Gauge.builder("corral.bagpipe.queued", pipe, Bagpipe::queued).tag("bagpipe", p.name())
          .description("Calls waiting for a slot").register(registry);
      calls(registry, p, "succeeded", b -> b.stats().succeeded());
      calls(registry, p, "failed", b -> b.stats().failed());
      calls(registry, p, "timed_out", b -> b.stats().timedOut());
      calls(registry, p, "rejected", b -> b.stats().rejected());
      calls(registry, p, "cancelled", b -> b.stats().cancelled());
    }
  }

  private static void permits(MeterRegistry registry, NamedLimiter l, String result, ToDoubleFunction<NamedLimiter> f) {
    FunctionCounter.builder("corral.limiter.permits", l, f).tags("limiter", l.name(), "result", result)
        .description("Permits granted or refused by a corral.limit limiter").register(registry);
  }

  private static void calls(MeterRegistry registry, NamedBagpipe p, String result, ToDoubleFunction<Bagpipe> f) {
    FunctionCounter.builder("corral.bagpipe.calls", p.pipe(), f).tags("bagpipe", p.name(), "result", result)
        .description("Calls through a corral.bagpipe pipe, by outcome").register(registry);
  }
}
