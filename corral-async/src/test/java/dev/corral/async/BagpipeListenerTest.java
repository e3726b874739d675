package dev.corral.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The events a pipe reports, and when, with a single thread driving it. */
class BagpipeListenerTest {
  private final List<String> events = new ArrayList<>();
  private final BagpipeListener recorder = new BagpipeListener() {
    @Override
    public void onFull(int queued) {
      events.add("full:" + queued);
    }

    @Override
    public void onSaturated() {
      events.add("saturated");
    }

    @Override
    public void onUnsaturated() {
      events.add("unsaturated");
    }

    @Override
    public void onEmpty() {
      events.add("empty");
    }

    @Override
    public void onDrain() {
      events.add("drain");
    }

    @Override
    public void onError(Throwable error) {
      events.add("error:" + error.getMessage());
    }
  };

  @Test
  void eventsFollowTheLifeOfABacklog() {
    Bagpipe pipe = Bagpipe.builder(2).listener(recorder).build();
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    pipe.submit(() -> first);
    pipe.submit(() -> second);             // second slot taken: saturated
    pipe.submit(() -> CompletableFuture.failedFuture(new IllegalStateException("bad")));  // waits
    assertThat(events).containsExactly("saturated");

    first.complete("1");                    // frees a slot; the waiting task takes it (saturated), leaves the
                                            // queue empty, and fails (error)
    second.complete("2");                   // last one done, nothing waits: drain

    assertThat(events).containsExactly(
        "saturated",
        "unsaturated", "saturated", "empty", "error:bad", "unsaturated",
        "unsaturated", "drain");
  }

  @Test
  void aTaskThatWaitedReportsItsWaitOnThePipesClock() {
    ManualScheduler clock = new ManualScheduler();
    List<Long> waits = new ArrayList<>();
    Bagpipe pipe = Bagpipe.builder(1).scheduler(clock).listener(new BagpipeListener() {
      @Override
      public void onDequeued(long waitedNanos) {
        waits.add(waitedNanos);
      }
    }).build();
    CompletableFuture<String> first = new CompletableFuture<>();
    pipe.submit(() -> first);                         // starts at once: not reported
    pipe.submit(() -> CompletableFuture.completedFuture("queued"));
    clock.advance(Duration.ofMillis(250));
    assertThat(waits).isEmpty();

    first.complete("1");

    assertThat(waits).containsExactly(Duration.ofMillis(250).toNanos());
  }

  @Test
  void fullFiresOnlyAboveTheConfiguredThreshold() {
    Bagpipe pipe = Bagpipe.builder(1).fullThreshold(2).listener(recorder).build();
    for (int i = 0; i < 4; i++) {
      pipe.submit(CompletableFuture::new);
    }
    assertThat(events).filteredOn(e -> e.startsWith("full")).containsExactly("full:3");
  }

  @Test
  void aThrowingListenerDoesNotBreakTheAccounting() {
    Bagpipe pipe = Bagpipe.builder(1).listener(new BagpipeListener() {
      @Override
      public void onDrain() {
        throw new IllegalStateException("listener bug");
      }
    }).build();
    CompletableFuture<String> future = pipe.submit(() -> CompletableFuture.completedFuture("ok"));
    assertThat(future).isCompletedWithValue("ok");
    assertThat(pipe.active()).isZero();
  }
}
