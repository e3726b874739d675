package dev.corral.async.flow;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static java.util.concurrent.CompletableFuture.failedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TryEachTest {

  @Test
  void startsEachTaskOnlyAfterThePreviousOneFailed() {
    Probe<String> probe = new Probe<>(3);
    CompletableFuture<String> result = Async.tryEach(probe.tasks());

    assertThat(probe.started()).containsExactly(0);
    probe.fail(0, new IOException("first"));
    assertThat(probe.started()).containsExactly(0, 1);
    probe.complete(1, "second");

    assertThat(result).isCompletedWithValue("second");
    assertThat(probe.started()).containsExactly(0, 1);
  }

  @Test
  void whenEveryTaskFailsTheLastFailureCarriesTheEarlierOnes() {
    IOException first = new IOException("first");
    IOException second = new IOException("second");
    CompletableFuture<String> result =
        Async.tryEach(List.<Task<String>>of(() -> failedFuture(first), () -> failedFuture(second)));

    assertThatThrownBy(result::join).cause().isSameAs(second);
    assertThat(second.getSuppressed()).containsExactly(first);
  }

  @Test
  void aTaskThatThrowsCountsAsAFailedAttempt() {
    CompletableFuture<String> result =
        Async.tryEach(
            List.<Task<String>>of(
                () -> {
                  throw new IllegalStateException("no");
                },
                () -> completedFuture("yes")));

    assertThat(result).isCompletedWithValue("yes");
  }

  @Test
  void cancellingTheResultCancelsTheRunningTaskAndStartsNoOther() {
    Probe<String> probe = new Probe<>(2);
    CompletableFuture<String> result = Async.tryEach(probe.tasks());

    result.cancel(true);

    assertThat(probe.run(0)).isCancelled();
    assertThat(probe.started()).containsExactly(0);
  }

  @Test
  void aTaskCancelledOnItsOwnStopsTheRun() {
    Probe<String> probe = new Probe<>(2);
    CompletableFuture<String> result = Async.tryEach(probe.tasks());

    probe.run(0).cancel(true);

    assertThatThrownBy(result::join).cause().isInstanceOf(CancellationException.class);
    assertThat(probe.started()).containsExactly(0);
  }

  @Test
  void aLongRunOfInstantFailuresDoesNotGrowTheStack() {
    IOException no = new IOException("no");
    List<Task<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      tasks.add(() -> failedFuture(no));
    }
    tasks.add(() -> completedFuture(1));

    assertThat(Async.tryEach(tasks)).isCompletedWithValue(1);
  }

  @Test
  void noTasksIsAMistake() {
    assertThatThrownBy(() -> Async.tryEach(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tasks: [] (expected: at least one task)");
  }

  /** For any pattern of failing and succeeding tasks, completing at once or later: the first success wins. */
  @Property(tries = 300)
  void returnsTheFirstSuccessAndStartsNothingAfterIt(
      @ForAll @Size(min = 1, max = 12) List<Boolean> succeeds, @ForAll @Size(12) List<Boolean> later) {
    AtomicInteger startedCount = new AtomicInteger();
    List<CompletableFuture<Integer>> pending = new ArrayList<>();
    List<Task<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < succeeds.size(); i++) {
      int index = i;
      tasks.add(
          () -> {
            startedCount.incrementAndGet();
            CompletableFuture<Integer> run =
                succeeds.get(index) ? completedFuture(index) : failedFuture(new IOException("task " + index));
            if (!later.get(index)) {
              return run;
            }
            CompletableFuture<Integer> deferred = new CompletableFuture<>();
            pending.add(deferred);
            return deferred.thenCompose(ignored -> run);
          });
    }

    CompletableFuture<Integer> result = Async.tryEach(tasks);
    while (!result.isDone()) {
      pending.remove(0).complete(0); // the only pending task is the running one
    }

    int firstSuccess = succeeds.indexOf(true);
    if (firstSuccess >= 0) {
      assertThat(result).isCompletedWithValue(firstSuccess);
      assertThat(startedCount.get()).isEqualTo(firstSuccess + 1);
    } else {
      assertThatThrownBy(result::join).cause().hasMessage("task " + (succeeds.size() - 1));
      assertThat(startedCount.get()).isEqualTo(succeeds.size());
    }
  }
}
