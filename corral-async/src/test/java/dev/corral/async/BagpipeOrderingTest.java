package dev.corral.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The order in which waiting tasks start, with one slot held by a blocker. */
class BagpipeOrderingTest {
  private final List<String> started = new CopyOnWriteArrayList<>();

  private CompletableFuture<String> record(String name) {
    started.add(name);
    return CompletableFuture.completedFuture(name);
  }

  private void runWithBlocker(Bagpipe pipe, Runnable submitWaiting) {
    CompletableFuture<String> blocker = new CompletableFuture<>();
    pipe.submit(() -> blocker);
    submitWaiting.run();
    blocker.complete("blocker");
  }

  @Test
  void fifoStartsTheOldestFirst() {
    Bagpipe pipe = Bagpipe.of(1);
    runWithBlocker(pipe, () -> List.of("a", "b", "c").forEach(name -> pipe.submit(() -> record(name))));
    assertThat(started).containsExactly("a", "b", "c");
  }

  @Test
  void lifoStartsTheNewestFirst() {
    Bagpipe pipe = Bagpipe.builder(1).ordering(Ordering.LIFO).build();
    runWithBlocker(pipe, () -> List.of("a", "b", "c").forEach(name -> pipe.submit(() -> record(name))));
    assertThat(started).containsExactly("c", "b", "a");
  }

  @Test
  void priorityStartsTheLowestNumberFirstAndTiesInFifoOrder() {
    Bagpipe pipe = Bagpipe.builder(1).ordering(Ordering.PRIORITY).build();
    CompletableFuture<String> blocker = new CompletableFuture<>();
    pipe.submit(() -> blocker);
    pipe.submit(5, () -> record("p5"));
    pipe.submit(1, () -> record("p1-first"));
    pipe.submit(3, () -> record("p3"));
    pipe.submit(1, () -> record("p1-second"));
    pipe.submit(0, () -> record("p0"));

    blocker.complete("blocker");

    assertThat(started).containsExactly("p0", "p1-first", "p1-second", "p3", "p5");
  }
}
