package dev.corral.metrics;

import dev.corral.async.Bagpipe;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A {@link Bagpipe}'s meters, read from the pipe's own counters when the registry publishes (so the pipe's hot
 * path pays nothing for them):
 *
 * <ul>
 *   <li>{@code corral.bagpipe.active}, {@code corral.bagpipe.queued}, {@code corral.bagpipe.limit} (gauges; tag
 *       {@code bagpipe}): tasks holding a slot, tasks waiting, the limit</li>
 *   <li>{@code corral.bagpipe.calls} (counter; tags {@code bagpipe},
 *       {@code result=succeeded|failed|timed_out|rejected|cancelled}): tasks by outcome; {@code failed} includes
 *       the timed-out ones, and {@code rejected} ones never ran</li>
 * </ul>
 * The time tasks wait in the queue is recorded by a {@link BagpipeWaitTimer}, which the pipe must be built with.
 * Thread-safe.
 */
public final class BagpipeMeters implements MeterBinder {
  private final String name;
  private final Bagpipe pipe;

  private BagpipeMeters(String name, Bagpipe pipe) {
    this.name = Objects.requireNonNull(name, "name");
    this.pipe = Objects.requireNonNull(pipe, "pipe");
  }

  /** The meters of {@code pipe}, tagged {@code bagpipe=name}. */
  public static BagpipeMeters of(String name, Bagpipe pipe) {
    return new BagpipeMeters(name, pipe);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags tags = Tags.of("bagpipe", name);
    Gauge.builder("corral.bagpipe.active", pipe, Bagpipe::active).tags(tags)
        .description("Tasks holding a slot of a corral Bagpipe").register(registry);
    Gauge.builder("corral.bagpipe.queued", pipe, Bagpipe::queued).tags(tags)
        .description("Tasks waiting for a slot of a corral Bagpipe").register(registry);
    Gauge.builder("corral.bagpipe.limit", pipe, Bagpipe::limit).tags(tags)
        .description("The most tasks a corral Bagpipe runs at once").register(registry);
    calls(registry, tags, "succeeded", p -> p.stats().succeeded());
    calls(registry, tags, "failed", p -> p.stats().failed());
    calls(registry, tags, "timed_out", p -> p.stats().timedOut());
    calls(registry, tags, "rejected", p -> p.stats().rejected());
    calls(registry, tags, "cancelled", p -> p.stats().cancelled());
  }

  private void calls(MeterRegistry registry, Tags tags, String result, ToDoubleFunction<Bagpipe> count) {
    FunctionCounter.builder("corral.bagpipe.calls", pipe, count).tags(tags).tag("result", result)
        .description("Tasks through a corral Bagpipe, by outcome").register(registry);
  }
}
