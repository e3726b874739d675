package dev.corral.async.flow;

import static java.util.concurrent.CompletableFuture.completedFuture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60) // a hung future fails the test instead of the build
class QueueControlTest {
  private final List<String> processed = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, CompletableFuture<String>> pending = Collections.synchronizedMap(new LinkedHashMap<>());

  private CompletionStage<String> worker(String task) {
    processed.add(task);
    CompletableFuture<String> done = new CompletableFuture<>();
    pending.put(task, done);
    return done;
  }

  @Test
  void countersTrackWaitingAndRunningTasks() {
    TaskQueue<String, String> q = Async.queue(this::worker, 2);
    assertThat(q.idle()).isTrue();
    assertThat(q.started()).isFalse();

    q.pushAll(List.of("a", "b", "c"));

    assertThat(q.running()).isEqualTo(2);
    assertThat(q.length()).isEqualTo(1);
    assertThat(q.idle()).isFalse();
    pending.get("a").complete("a");
    pending.get("b").complete("b");
    pending.get("c").complete("c");
    assertThat(q.idle()).isTrue();
  }

  @Test
  void workersListHoldsTheTasksWhoseWorkerCallsRun() {
    TaskQueue<String, String> q = Async.queue(this::worker, 2);
    assertThat(q.workersList()).isEmpty();

    q.pushAll(List.of("a", "b", "c"));
    assertThat(q.workersList()).containsExactlyInAnyOrder("a", "b");
    pending.get("a").complete("a");
    assertThat(q.workersList()).containsExactlyInAnyOrder("b", "c");
    pending.get("b").complete("b");
    pending.get("c").completeExceptionally(new IllegalStateException("c failed"));

    assertThat(q.workersList()).isEmpty();
  }

  @Test
  void workersListOfACargoHoldsEveryTaskOfTheRunningBatch() {
    CompletableFuture<Integer> batch = new CompletableFuture<>();
    Cargo<String, Integer> cargo = Async.cargo(tasks -> batch, 2);

    cargo.pushAll(List.of("a", "b", "c"));
    assertThat(cargo.workersList()).containsExactlyInAnyOrder("a", "b");
    batch.complete(2);

    assertThat(cargo.workersList()).isEmpty();
  }

  @Test
  void unshiftPutsATaskAtTheFront() {
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.pause();
    q.push("a");
    q.push("b");
    q.unshift("first");
    q.resume();

    assertThat(processed).containsExactly("first");
  }

  @Test
  void unshiftAllKeepsTheOrderOfTheList() {
    TaskQueue<String, String> q = Async.queue(task -> completedFuture(task).thenApply(this::record), 1);
    q.pause();
    q.push("z");
    q.unshiftAll(List.of("x", "y"));
    q.resume();

    assertThat(processed).containsExactly("x", "y", "z");
  }

  private String record(String task) {
    processed.add(task);
    return task;
  }

  @Test
  void pauseStopsHandingOutTasksAndResumeRestarts() {
    TaskQueue<String, String> q = Async.queue(this::worker, 2);
    q.pause();
    q.pushAll(List.of("a", "b"));
    assertThat(processed).isEmpty();
    assertThat(q.paused()).isTrue();

    q.resume();

    assertThat(processed).containsExactly("a", "b");
  }

  @Test
  void raisingTheConcurrencyStartsWaitingTasksAtOnce() {
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.pushAll(List.of("a", "b", "c"));
    assertThat(processed).containsExactly("a");

    q.setConcurrency(3);

    assertThat(processed).containsExactly("a", "b", "c");
    assertThat(q.concurrency()).isEqualTo(3);
  }

  @Test
  void loweringTheConcurrencyLetsRunningTasksFinish() {
    TaskQueue<String, String> q = Async.queue(this::worker, 2);
    q.pushAll(List.of("a", "b", "c", "d"));

    q.setConcurrency(1);
    pending.get("a").complete("a");
    assertThat(processed).containsExactly("a", "b");
    pending.get("b").complete("b");

    assertThat(processed).containsExactly("a", "b", "c");
  }

  @Test
  void concurrencyBelowOneIsRejectedNamingTheArgument() {
    assertThatThrownBy(() -> Async.queue(this::worker, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrency: 0 (expected: >= 1)");
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    assertThatThrownBy(() -> q.setConcurrency(-2)).hasMessage("concurrency: -2 (expected: >= 1)");
    assertThatThrownBy(() -> Async.cargo(batch -> completedFuture(1), 0)).hasMessage("payload: 0 (expected: >= 1)");
  }

  @Test
  void killCancelsWaitingTasksRemovesListenersAndLetsRunningTasksFinish() {
    List<String> events = new ArrayList<>();
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.onDrain(() -> events.add("drain"));
    CompletableFuture<String> running = q.push("a");
    CompletableFuture<String> waiting = q.push("b");

    q.kill();
    pending.get("a").complete("a");

    assertThat(waiting).isCancelled();
    assertThat(running).isCompletedWithValue("a");
    assertThat(q.length()).isZero();
    assertThat(processed).containsExactly("a");
    assertThat(events).isEmpty();
  }

  @Test
  void removeCancelsTheMatchingWaitingTasks() {
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.push("a");
    CompletableFuture<String> removed = q.push("drop me");
    q.push("b");

    q.remove(task -> task.startsWith("drop"));
    pending.get("a").complete("a");

    assertThat(removed).isCancelled();
    assertThat(processed).containsExactly("a", "b");
  }

  @Test
  void aWaitingTaskWhoseFutureIsCancelledIsSkipped() {
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.push("a");
    q.push("b").cancel(true);
    q.push("c");

    pending.get("a").complete("a");

    assertThat(processed).containsExactly("a", "c");
  }

  @Test
  void cancellingARunningTaskInterruptsItsBlockingWorkerAndFreesTheSlot() throws Exception {
    CountDownLatch sleeping = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    TaskQueue<String, String> q =
        Async.queue(
            Task.<String, String>blocking(
                task -> {
                  if (task.equals("slow")) {
                    sleeping.countDown();
                    try {
                      Thread.sleep(Duration.ofMinutes(5));
                    } catch (InterruptedException expected) {
                      interrupted.countDown();
                      throw expected;
                    }
                  }
                  return task;
                }),
            1);
    CompletableFuture<String> slow = q.push("slow");
    CompletableFuture<String> next = q.push("next");
    assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();

    slow.cancel(true);

    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("next");
  }

  @Test
  void cancellingARunningTaskFiresNoErrorEvent() {
    List<String> errors = new ArrayList<>();
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.onError((error, task) -> errors.add(task));

    q.push("a").cancel(true);

    assertThat(pending.get("a")).isCancelled();
    assertThat(errors).isEmpty();
    assertThat(q.idle()).isTrue();
  }

  @Test
  void aThrowingListenerDoesNotDisturbTheQueue() throws Exception {
    AtomicReference<Throwable> reported = new AtomicReference<>();
    Thread.UncaughtExceptionHandler previous = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((thread, error) -> reported.set(error));
    try {
      TaskQueue<String, String> q = Async.queue(task -> completedFuture(task), 1);
      q.onEmpty(
          () -> {
            throw new IllegalStateException("listener bug");
          });

      CompletableFuture<String> a = q.push("a");
      CompletableFuture<String> b = q.push("b");

      assertThat(a).isCompletedWithValue("a");
      assertThat(b).isCompletedWithValue("b");
      assertThat(reported.get()).hasMessage("listener bug");
    } finally {
      Thread.currentThread().setUncaughtExceptionHandler(previous);
    }
  }

  @Test
  void drainedCompletesAtTheNextDrain() {
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.push("a");
    CompletableFuture<Void> drained = q.drained();
    assertThat(drained).isNotDone();

    pending.get("a").complete("a");

    assertThat(drained).isCompleted();
  }

  @Test
  void manyInstantTasksDoNotGrowTheStack() {
    TaskQueue<Integer, Integer> q = Async.queue(n -> completedFuture(n), 4);
    q.pause();
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      results.add(q.push(i));
    }

    q.resume();

    assertThat(results.get(199_999)).isCompletedWithValue(199_999);
    assertThat(q.idle()).isTrue();
  }

  @Test
  void aWorkerThatThrowsFailsItsTaskAndFreesTheSlot() {
    TaskQueue<String, String> q =
        Async.queue(
            task -> {
              if (task.equals("bad")) {
                throw new IllegalArgumentException("bad task");
              }
              return completedFuture(task);
            },
            1);

    CompletableFuture<String> bad = q.push("bad");
    CompletableFuture<String> good = q.push("good");

    assertThat(ControlFlowTest.causeOf(bad)).hasMessage("bad task");
    assertThat(good).isCompletedWithValue("good");
  }
}
