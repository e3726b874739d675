package dev.corral.metrics;

import dev.corral.async.BagpipeListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BagpipeListener} that records how long tasks waited for a slot, as the timer
 * {@code corral.bagpipe.queue.wait} (tag {@code bagpipe}) with a histogram (in Prometheus,
 * {@code corral_bagpipe_queue_wait_seconds_bucket}). Tasks that started at once are not recorded, so the timer's
 * count is the tasks that queued. Every other event goes to the listener given, if any.
 *
 * <pre>{@code
 * Bagpipe pipe = Bagpipe.builder(10).name("fetch")
 *     .listener(BagpipeWaitTimer.of(registry, "fetch")).build();
 * BagpipeMeters.of("fetch", pipe).bindTo(registry);
 * }</pre>
 *
 * The wait is measured on the pipe's {@code Scheduler} clock. Thread-safe.
 */
public final class BagpipeWaitTimer implements BagpipeListener {
  private final Timer timer;
  private final BagpipeListener next;

  private BagpipeWaitTimer(Timer timer, BagpipeListener next) {
    this.timer = timer;
    this.next = next;
  }

  /** Records the queue wait of the pipe named {@code name} in {@code registry}. */
  public static BagpipeWaitTimer of(MeterRegistry registry, String name) {
    return of(registry, name, new BagpipeListener() {});
  }

  /** As {@link #of(MeterRegistry, String)}, passing every event on to {@code next} as well. */
  public static BagpipeWaitTimer of(MeterRegistry registry, String name, BagpipeListener next) {
    Timer timer = Timer.builder("corral.bagpipe.queue.wait").tag("bagpipe", Objects.requireNonNull(name, "name"))
        .description("Time a task waited in a corral Bagpipe's queue before it started")
        .publishPercentileHistogram().register(registry);
    return new BagpipeWaitTimer(timer, Objects.requireNonNull(next, "next"));
  }

  @Override
  public void onDequeued(long waitedNanos) {
    timer.record(waitedNanos, TimeUnit.NANOSECONDS);
    next.onDequeued(waitedNanos);
  }

  @Override
  public void onFull(int queued) {
    next.onFull(queued);
  }

  @Override
  public void onSaturated() {
    next.onSaturated();
  }

  @Override
  public void onUnsaturated() {
    next.onUnsaturated();
  }

  @Override
  public void onEmpty() {
    next.onEmpty();
  }

  @Override
  public void onDrain() {
    next.onDrain();
  }

  @Override
  public void onError(Throwable error) {
    next.onError(error);
  }
}
