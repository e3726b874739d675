package dev.corral.async.flow;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.CompletableFuture.failedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // a hung future fails the test instead of the build
class ControlFlowTest {
  private static final long WAIT = 10;

  @Test
  void seriesRunsOneTaskAtATimeInOrder() {
    Probe<String> probe = new Probe<>(3);
    CompletableFuture<List<String>> result = Async.series(probe.tasks());

    assertThat(probe.started()).containsExactly(0);
    probe.complete(0, "a");
    assertThat(probe.started()).containsExactly(0, 1);
    probe.complete(1, "b");
    probe.complete(2, "c");

    assertThat(result).isCompletedWithValue(List.of("a", "b", "c"));
    assertThat(probe.maxRunning()).isEqualTo(1);
  }

  @Test
  void parallelGivesResultsInInputOrderWhateverTheCompletionOrder() {
    Probe<String> probe = new Probe<>(3);
    CompletableFuture<List<String>> result = Async.parallel(probe.tasks());

    assertThat(probe.started()).containsExactly(0, 1, 2);
    probe.complete(2, "c");
    probe.complete(0, "a");
    probe.complete(1, "b");

    assertThat(result).isCompletedWithValue(List.of("a", "b", "c"));
  }

  @Test
  void parallelOfAMapGivesAMapInKeyOrder() {
    Map<String, Task<Integer>> tasks = new LinkedHashMap<>();
    tasks.put("one", () -> completedFuture(1));
    tasks.put("two", () -> completedFuture(2));

    assertThat(Async.parallel(tasks).join()).containsExactly(Map.entry("one", 1), Map.entry("two", 2));
  }

  @Test
  void parallelLimitStartsTheNextTaskOnlyWhenOneFinishes() {
    Probe<Integer> probe = new Probe<>(4);
    CompletableFuture<List<Integer>> result = Async.parallelLimit(probe.tasks(), 2);

    assertThat(probe.started()).containsExactly(0, 1);
    probe.complete(1, 1);
    assertThat(probe.started()).containsExactly(0, 1, 2);
    probe.complete(0, 0);
    probe.complete(2, 2);
    probe.complete(3, 3);

    assertThat(result).isCompletedWithValue(List.of(0, 1, 2, 3));
    assertThat(probe.maxRunning()).isEqualTo(2);
  }

  @Test
  void limitBelowOneIsRejectedNamingTheArgument() {
    assertThatThrownBy(() -> Async.parallelLimit(List.<Task<Integer>>of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: 0 (expected: >= 1)");
  }

  @Test
  void emptyInputCompletesAtOnce() {
    assertThat(Async.parallel(List.<Task<Integer>>of())).isCompletedWithValue(List.of());
    assertThat(Async.series(List.<Task<Integer>>of())).isCompletedWithValue(List.of());
  }

  @Test
  void firstFailureFailsTheCallWithTheOriginalError() {
    Probe<Integer> probe = new Probe<>(3);
    CompletableFuture<List<Integer>> result = Async.parallel(probe.tasks());
    IOException boom = new IOException("boom");

    probe.fail(1, boom);

    assertThat(result).isCompletedExceptionally();
    assertThat(causeOf(result)).isSameAs(boom);
  }

  @Test
  void firstFailureCancelsRunningSiblings() {
    Probe<Integer> probe = new Probe<>(3);
    Async.parallel(probe.tasks());

    probe.fail(1, new IOException("boom"));

    assertThat(probe.run(0)).isCancelled();
    assertThat(probe.run(2)).isCancelled();
  }

  @Test
  void firstFailureNeverStartsTasksNotYetStarted() {
    Probe<Integer> probe = new Probe<>(5);
    Async.parallelLimit(probe.tasks(), 2);

    probe.fail(0, new IOException("boom"));

    assertThat(probe.started()).containsExactly(0, 1);
    assertThat(probe.run(1)).isCancelled();
  }

  @Test
  void firstFailureInterruptsTheVirtualThreadOfABlockingSibling() throws Exception {
    CountDownLatch sleeping = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Task<Integer> sleeper =
        Task.blocking(
            () -> {
              sleeping.countDown();
              try {
                Thread.sleep(Duration.ofMinutes(5));
              } catch (InterruptedException expected) {
                interrupted.countDown();
                throw expected;
              }
              return 1;
            });
    CompletableFuture<Integer> failing = new CompletableFuture<>();

    CompletableFuture<List<Integer>> result = Async.parallel(List.of(sleeper, () -> failing));
    assertThat(sleeping.await(WAIT, TimeUnit.SECONDS)).isTrue();
    failing.completeExceptionally(new IOException("boom"));

    assertThat(interrupted.await(WAIT, TimeUnit.SECONDS)).isTrue();
    assertThat(causeOf(result)).isInstanceOf(IOException.class);
  }

  @Test
  void cancellingTheResultCancelsRunningTasksAndStartsNoMore() {
    Probe<Integer> probe = new Probe<>(3);
    CompletableFuture<List<Integer>> result = Async.series(probe.tasks());

    result.cancel(true);

    assertThat(probe.run(0)).isCancelled();
    assertThat(probe.started()).containsExactly(0);
  }

  @Test
  void aTaskThatThrowsCountsAsAFailedTask() {
    IllegalStateException thrown = new IllegalStateException("sync");
    Task<Integer> throwing =
        () -> {
          throw thrown;
        };

    CompletableFuture<List<Integer>> result = Async.parallel(List.of(() -> completedFuture(1), throwing));

    assertThat(causeOf(result)).isSameAs(thrown);
  }

  @Test
  void aTaskThatReturnsNullCountsAsAFailedTask() {
    CompletableFuture<List<Integer>> result = Async.series(List.<Task<Integer>>of(() -> null));

    assertThat(causeOf(result)).isInstanceOf(NullPointerException.class).hasMessageContaining("returned null");
  }

  @Test
  void aLongSeriesOfInstantTasksDoesNotGrowTheStack() {
    List<Task<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      int value = i;
      tasks.add(() -> completedFuture(value));
    }

    assertThat(Async.series(tasks).join()).hasSize(100_000).endsWith(99_999);
  }

  @Test
  void settledCollectsEveryOutcomeAndCancelsNothing() {
    IOException boom = new IOException("boom");
    Probe<Integer> probe = new Probe<>(3);
    CompletableFuture<List<Outcome<Integer>>> result = Async.settled(probe.tasks());

    probe.fail(0, boom);
    assertThat(probe.run(1)).isNotCancelled();
    probe.complete(1, 1);
    probe.complete(2, 2);

    assertThat(result)
        .isCompletedWithValue(List.of(Outcome.failure(boom), Outcome.success(1), Outcome.success(2)));
  }

  @Test
  void settledLimitRespectsTheLimit() {
    Probe<Integer> probe = new Probe<>(3);
    Async.settledLimit(probe.tasks(), 1);

    probe.fail(0, new IOException("boom"));

    assertThat(probe.started()).containsExactly(0, 1);
  }

  @Test
  void reflectTurnsAFailureIntoAnOutcome() {
    IOException boom = new IOException("boom");

    Outcome<Object> outcome = Async.reflect(() -> failedFuture(boom)).start().toCompletableFuture().join();

    assertThat(outcome).isEqualTo(Outcome.failure(boom));
    assertThat(outcome.isSuccess()).isFalse();
  }

  @Test
  void waterfallFeedsEachStepThePreviousResult() {
    CompletableFuture<String> result =
        Async.waterfall(() -> completedFuture(2))
            .then(n -> completedFuture(n * 21))
            .then(n -> completedFuture("answer=" + n))
            .run();

    assertThat(result).isCompletedWithValue("answer=42");
  }

  @Test
  void waterfallStopsAtTheFirstFailure() {
    AtomicBoolean laterStepRan = new AtomicBoolean();
    IOException boom = new IOException("boom");

    CompletableFuture<Integer> result =
        Async.waterfall(() -> completedFuture(1))
            .<Integer>then(n -> failedFuture(boom))
            .then(
                n -> {
                  laterStepRan.set(true);
                  return completedFuture(n);
                })
            .run();

    assertThat(causeOf(result)).isSameAs(boom);
    assertThat(laterStepRan).isFalse();
  }

  @Test
  void cancellingAWaterfallCancelsTheRunningStep() {
    CompletableFuture<Integer> step = new CompletableFuture<>();
    CompletableFuture<Integer> result = Async.waterfall(() -> completedFuture(1)).then(n -> step).run();

    result.cancel(true);

    assertThat(step).isCancelled();
  }

  @Test
  void whilstRunsTheBodyWhileTheTestHoldsAndGivesTheLastResult() {
    AtomicInteger count = new AtomicInteger();

    assertThat(Async.whilst(() -> count.get() < 5, () -> completedFuture(count.incrementAndGet())).join())
        .contains(5);
  }

  @Test
  void whilstWhoseTestIsFalseAtOnceGivesEmpty() {
    assertThat(Async.whilst(() -> false, () -> completedFuture(1)).join()).isEmpty();
  }

  @Test
  void untilRunsTheBodyUntilTheTestHolds() {
    AtomicInteger count = new AtomicInteger();

    assertThat(Async.until(() -> count.get() >= 3, () -> completedFuture(count.incrementAndGet())).join())
        .contains(3);
  }

  @Test
  void doWhilstRunsTheBodyOnceBeforeTestingItsResult() {
    AtomicInteger runs = new AtomicInteger();

    assertThat(Async.doWhilst(() -> completedFuture(runs.incrementAndGet()), n -> false).join()).isEqualTo(1);
  }

  @Test
  void doUntilStopsWhenTheResultPassesTheTest() {
    AtomicInteger runs = new AtomicInteger();

    assertThat(Async.doUntil(() -> completedFuture(runs.incrementAndGet()), n -> n == 4).join()).isEqualTo(4);
  }

  @Test
  void foreverEndsWithTheFirstFailure() {
    AtomicInteger runs = new AtomicInteger();
    IOException boom = new IOException("boom");

    CompletableFuture<Void> result =
        Async.forever(() -> runs.incrementAndGet() == 1000 ? failedFuture(boom) : completedFuture(null));

    assertThat(causeOf(result)).isSameAs(boom);
    assertThat(runs).hasValue(1000);
  }

  @Test
  void cancellingForeverCancelsTheRunningRun() {
    CompletableFuture<Object> run = new CompletableFuture<>();
    CompletableFuture<Void> result = Async.forever(() -> run);

    result.cancel(true);

    assertThat(run).isCancelled();
  }

  @Test
  void timesCallsTheFunctionWithEachIndex() {
    assertThat(Async.times(4, i -> completedFuture(i * i)).join()).containsExactly(0, 1, 4, 9);
  }

  @Test
  void timesLimitNeverRunsMoreThanTheLimit() {
    Probe<Integer> probe = new Probe<>(5);
    CompletableFuture<List<Integer>> result = Async.timesLimit(5, 2, i -> probe.task(i).start());

    for (int i = 0; i < 5; i++) {
      probe.complete(i, i);
    }

    assertThat(result).isCompletedWithValue(List.of(0, 1, 2, 3, 4));
    assertThat(probe.maxRunning()).isEqualTo(2);
  }

  @Test
  void timesSeriesRunsOneAtATime() {
    Probe<Integer> probe = new Probe<>(3);
    Async.timesSeries(3, i -> probe.task(i).start());

    assertThat(probe.started()).containsExactly(0);
  }

  @Test
  void timesRejectsANegativeCount() {
    assertThatThrownBy(() -> Async.times(-1, i -> completedFuture(i)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count: -1 (expected: >= 0)");
  }

  @Test
  void raceIsWonByTheFirstTaskToCompleteAndCancelsTheOthers() {
    Probe<String> probe = new Probe<>(3);
    CompletableFuture<String> result = Async.race(probe.tasks());

    probe.complete(1, "second");

    assertThat(result).isCompletedWithValue("second");
    assertThat(probe.run(0)).isCancelled();
    assertThat(probe.run(2)).isCancelled();
  }

  @Test
  void raceIsLostByAFailureThatComesFirst() {
    Probe<String> probe = new Probe<>(2);
    CompletableFuture<String> result = Async.race(probe.tasks());
    IOException boom = new IOException("boom");

    probe.fail(0, boom);
    probe.complete(1, "late");

    assertThat(causeOf(result)).isSameAs(boom);
  }

  @Test
  void raceOfNoTasksIsRejected() {
    assertThatThrownBy(() -> Async.race(List.<Task<String>>of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tasks: [] (expected: at least one task)");
  }

  static Throwable causeOf(CompletableFuture<?> future) {
    try {
      future.get(WAIT, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      return failed.getCause();
    } catch (CancellationException cancelled) {
      return cancelled;
    } catch (Exception unexpected) {
      throw new AssertionError("expected the future to fail", unexpected);
    }
    throw new AssertionError("expected the future to fail, but it completed normally");
  }
}
