package dev.corral.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.async.Bagpipe;
import dev.corral.async.Scheduler;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A Bagpipe's meters follow its slots, queue and outcomes, and time the queue wait on the pipe's clock. */
class BagpipeMetersTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** A clock that moves only when told to; nothing is ever scheduled on it (the pipe has no timeout). */
  private static final class StoppedClock implements Scheduler {
    long now;

    @Override
    public Cancellable schedule(Runnable action, long delayNanos) {
      throw new UnsupportedOperationException("no timeouts in this test");
    }

    @Override
    public long nanoTime() {
      return now;
    }
  }

  private double gauge(String name) {
    return registry.get(name).tag("bagpipe", "fetch").gauge().value();
  }

  private double calls(String result) {
    return registry.get("corral.bagpipe.calls").tags("bagpipe", "fetch", "result", result).functionCounter().count();
  }

  @Test
  void gaugesAndCountersFollowThePipe() {
    StoppedClock clock = new StoppedClock();
    Bagpipe pipe = Bagpipe.builder(1).name("fetch").refuse(true).queueLimit(1).scheduler(clock)
        .listener(BagpipeWaitTimer.of(registry, "fetch")).build();
    BagpipeMeters.of("fetch", pipe).bindTo(registry);

    CompletableFuture<String> first = new CompletableFuture<>();
    pipe.submit(() -> first);
    pipe.submit(() -> CompletableFuture.failedFuture(new IllegalStateException("down")));
    pipe.submit(() -> CompletableFuture.completedFuture("refused"));
    assertThat(gauge("corral.bagpipe.active")).isEqualTo(1);
    assertThat(gauge("corral.bagpipe.queued")).isEqualTo(1);
    assertThat(gauge("corral.bagpipe.limit")).isEqualTo(1);
    assertThat(calls("rejected")).isEqualTo(1);

    clock.now += Duration.ofMillis(40).toNanos();
    first.complete("ok");

    assertThat(calls("succeeded")).isEqualTo(1);
    assertThat(calls("failed")).isEqualTo(1);
    assertThat(gauge("corral.bagpipe.active")).isZero();
    assertThat(gauge("corral.bagpipe.queued")).isZero();
    Timer wait = registry.get("corral.bagpipe.queue.wait").tag("bagpipe", "fetch").timer();
    assertThat(wait.count()).isEqualTo(1);
    assertThat(wait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
  }

  @Test
  void theQueueWaitIsAPrometheusHistogram() {
    Bagpipe pipe = Bagpipe.builder(1).name("fetch").listener(BagpipeWaitTimer.of(registry, "fetch")).build();
    BagpipeMeters.of("fetch", pipe).bindTo(registry);

    assertThat(registry.scrape()).contains(
        "# TYPE corral_bagpipe_queue_wait_seconds histogram",
        "corral_bagpipe_queue_wait_seconds_bucket{bagpipe=\"fetch\",le=\"+Inf\"} 0",
        "corral_bagpipe_calls_total{bagpipe=\"fetch\",result=\"timed_out\"} 0.0",
        "corral_bagpipe_active{bagpipe=\"fetch\"} 0.0");
  }
}
