package dev.corral.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Bagpipe's own test cases (test/bagpipe.test.js), translated, plus the basics of admission. */
class BagpipeTest {

  /** Completes later, when the test says so. */
  private static final class Gate {
    final List<CompletableFuture<String>> pending = new ArrayList<>();

    CompletableFuture<String> open() {
      CompletableFuture<String> future = new CompletableFuture<>();
      synchronized (pending) {
        pending.add(future);
      }
      return future;
    }

    /** Completes the tasks open now; tasks that start as a result stay open. */
    void completeAll() {
      List<CompletableFuture<String>> open;
      synchronized (pending) {
        open = new ArrayList<>(pending);
        pending.clear();
      }
      open.forEach(future -> future.complete("done"));
    }
  }

  @Test
  void limitTwoWithRefuseAcceptsFourAndRefusesTheFifth() {
    Bagpipe pipe = Bagpipe.builder(2).refuse(true).build();
    Gate gate = new Gate();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      futures.add(pipe.submit(gate::open));
    }

    assertThat(pipe.active()).isEqualTo(2);
    assertThat(pipe.queued()).isEqualTo(2);
    assertThat(futures.subList(0, 4)).noneMatch(CompletableFuture::isDone);
    assertThat(futures.get(4)).isCompletedExceptionally();
    assertThatThrownBy(futures.get(4)::join).hasCauseInstanceOf(TaskRejectedException.class);
    assertThat(pipe.stats().rejected()).isEqualTo(1);
  }

  @Test
  void ratioTwoAcceptsSixAndRefusesTheSeventh() {
    Bagpipe pipe = Bagpipe.builder(2).refuse(true).ratio(2).build();
    Gate gate = new Gate();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      futures.add(pipe.submit(gate::open));
    }

    assertThat(pipe.queued()).isEqualTo(4);
    assertThat(futures.subList(0, 6)).noneMatch(CompletableFuture::isDone);
    assertThatThrownBy(futures.get(6)::join)
        .hasCauseInstanceOf(TaskRejectedException.class)
        .hasMessageContaining("queueLimit 4");
  }

  @Test
  void withoutRefuseTheBacklogIsUnbounded() {
    Bagpipe pipe = Bagpipe.of(1);
    Gate gate = new Gate();
    for (int i = 0; i < 1000; i++) {
      pipe.submit(gate::open);
    }
    assertThat(pipe.active()).isEqualTo(1);
    assertThat(pipe.queued()).isEqualTo(999);
    assertThat(pipe.stats().rejected()).isZero();
  }

  @Test
  void activeReturnsToZeroAfterCompletion() {
    Bagpipe pipe = Bagpipe.of(5);
    Gate gate = new Gate();
    CompletableFuture<String> future = pipe.submit(gate::open);
    assertThat(pipe.active()).isEqualTo(1);

    gate.completeAll();

    assertThat(future).isCompletedWithValue("done");
    assertThat(pipe.active()).isZero();
  }

  @Test
  void activeNeverExceedsTheLimitAcrossRandomDelays() {
    Bagpipe pipe = Bagpipe.of(5);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      futures.add(pipe.call(() -> {
        highest.accumulateAndGet(running.incrementAndGet(), Math::max);
        assertThat(pipe.active()).isLessThanOrEqualTo(5);
        TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(5));
        running.decrementAndGet();
        return n;
      }));
    }

    assertThat(futures.stream().map(CompletableFuture::join)).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, 50).boxed().toList());
    assertThat(highest.get()).isBetween(1, 5);
    assertThat(pipe.active()).isZero();
  }

  @Test
  void disabledPipeRunsEverythingAtOnceAndCountsNothing() {
    Bagpipe pipe = Bagpipe.builder(1).disabled(true).build();
    Gate gate = new Gate();
    for (int i = 0; i < 10; i++) {
      pipe.submit(gate::open);
    }
    assertThat(gate.pending).hasSize(10);
    assertThat(pipe.active()).isZero();
    assertThat(pipe.queued()).isZero();
    gate.completeAll();
  }

  @Test
  void fullFiresWhenMoreThanOneTaskWaits() {
    List<Integer> fullLengths = new ArrayList<>();
    Bagpipe pipe = Bagpipe.builder(5).listener(new BagpipeListener() {
      @Override
      public void onFull(int queued) {
        fullLengths.add(queued);
      }
    }).build();
    Gate gate = new Gate();
    for (int i = 0; i < 100; i++) {
      pipe.submit(gate::open);
    }

    // 5 start, 95 wait; every push that found at least one waiting (queue length > 1 after it) fired.
    assertThat(fullLengths).hasSize(94).allMatch(length -> length > 1);
    assertThat(fullLengths.get(fullLengths.size() - 1)).isEqualTo(95);
  }

  @Test
  void taskThatThrowsSynchronouslyReleasesItsSlot() {
    Bagpipe pipe = Bagpipe.of(1);
    CompletableFuture<String> failed = pipe.submit(() -> {
      throw new IllegalStateException("boom");
    });
    CompletableFuture<String> next = pipe.submit(() -> CompletableFuture.completedFuture("next"));

    assertThatThrownBy(failed::join).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
    assertThat(next).isCompletedWithValue("next");
    assertThat(pipe.active()).isZero();
    assertThat(pipe.stats().failed()).isEqualTo(1);
  }

  @Test
  void blockingTaskFailureFailsItsFutureWithTheCause() {
    Bagpipe pipe = Bagpipe.of(2);
    CompletableFuture<Object> future = pipe.call(() -> {
      throw new java.io.IOException("disk gone");
    });
    assertThatThrownBy(future::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void callRunsOnAVirtualThread() {
    Bagpipe pipe = Bagpipe.of(2);
    assertThat(pipe.call(() -> Thread.currentThread().isVirtual()).join()).isTrue();
  }

  @Test
  void raisingTheLimitStartsWaitingTasksAtOnce() {
    Bagpipe pipe = Bagpipe.of(1);
    Gate gate = new Gate();
    for (int i = 0; i < 4; i++) {
      pipe.submit(gate::open);
    }
    assertThat(pipe.active()).isEqualTo(1);

    pipe.setLimit(3);

    assertThat(pipe.active()).isEqualTo(3);
    assertThat(pipe.queued()).isEqualTo(1);
  }

  @Test
  void loweringTheLimitStartsNothingNewUntilBelowIt() {
    Bagpipe pipe = Bagpipe.of(3);
    Gate gate = new Gate();
    for (int i = 0; i < 4; i++) {
      pipe.submit(gate::open);
    }
    pipe.setLimit(1);
    gate.completeAll(); // the three running finish; only one of the rest may start

    assertThat(pipe.active()).isEqualTo(1);
    assertThat(pipe.queued()).isZero();
  }

  @Test
  void limitifyRoutesEveryCallThroughThePipe() {
    Bagpipe pipe = Bagpipe.of(1);
    Gate gate = new Gate();
    Function<Integer, CompletableFuture<String>> limited = pipe.limitify(n -> gate.open());
    limited.apply(1);
    limited.apply(2);
    limited.apply(3);

    assertThat(pipe.active()).isEqualTo(1);
    assertThat(pipe.queued()).isEqualTo(2);
  }

  @Test
  void limitifyBlockingRunsTheFunctionUnderTheLimit() {
    Bagpipe pipe = Bagpipe.of(2);
    Function<Integer, CompletableFuture<Integer>> square = pipe.limitifyBlocking(n -> n * n);
    assertThat(square.apply(7).join()).isEqualTo(49);
  }

  @Test
  void invalidSettingsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> Bagpipe.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("limit: 0 (expected: 1..16777215");
    assertThatThrownBy(() -> Bagpipe.builder(1).ratio(-1))
        .hasMessage("ratio: -1.0 (expected: a finite number > 0)");
    assertThatThrownBy(() -> Bagpipe.builder(1).queueLimit(-3)).hasMessage("queueLimit: -3 (expected: >= 0)");
    assertThatThrownBy(() -> Bagpipe.builder(1).timeout(java.time.Duration.ZERO))
        .hasMessage("timeout: PT0S (expected: > 0)");
    assertThatThrownBy(() -> Bagpipe.of(1).setLimit(-1)).hasMessageStartingWith("limit: -1");
  }

  @Test
  void nullStageFailsTheTaskAndFreesTheSlot() {
    Bagpipe pipe = Bagpipe.of(1);
    CompletableFuture<String> future = pipe.submit(() -> null);
    assertThatThrownBy(future::join).hasCauseInstanceOf(NullPointerException.class);
    assertThat(pipe.active()).isZero();
  }

  @Test
  void statsCountEachOutcomeOnce() {
    Bagpipe pipe = Bagpipe.builder(1).queueLimit(1).build();
    Gate gate = new Gate();
    pipe.submit(gate::open);                                       // runs, then succeeds
    CompletableFuture<String> waiting = pipe.submit(() -> {        // waits, then fails
      throw new IllegalStateException("no");
    });
    pipe.submit(gate::open);                                       // refused: backlog full
    gate.completeAll();
    pipe.submit(() -> CompletableFuture.completedFuture("a"));     // immediate successes
    pipe.submit(() -> CompletableFuture.completedFuture("b"));

    assertThat(waiting).isCompletedExceptionally();
    assertThat(pipe.stats()).isEqualTo(new Bagpipe.Stats(0, 0, 3, 1, 0, 1, 0));
  }
}
