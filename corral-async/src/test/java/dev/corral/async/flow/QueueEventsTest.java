package dev.corral.async.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event sequences of async.js v3's own tests ({@code test/queue.js}, {@code test/cargo.js},
 * {@code test/priorityQueue.js}), replayed. async.js processes a batch of pushes on the next tick; pushing while
 * paused and then resuming gives the same batch here.
 */
@Timeout(60) // a hung future fails the test instead of the build
class QueueEventsTest {
  private final List<String> calls = new ArrayList<>();
  private final Map<String, CompletableFuture<String>> pending = new LinkedHashMap<>();

  private CompletionStage<String> worker(String task) {
    calls.add("process " + task);
    CompletableFuture<String> done = new CompletableFuture<>();
    pending.put(task, done);
    return done;
  }

  private void finish(String task) {
    pending.get(task).complete(task);
  }

  private void listen(WorkQueue<String, ?> q) {
    q.onSaturated(() -> calls.add("saturated"));
    q.onEmpty(() -> calls.add("empty"));
    q.onDrain(() -> calls.add("drain"));
  }

  private static final List<String> ASYNC_JS_QUEUE_EVENTS =
      List.of(
          "process foo",
          "process bar",
          "saturated",
          "process zoo",
          "foo cb",
          "saturated",
          "process poo",
          "bar cb",
          "empty",
          "saturated",
          "process moo",
          "zoo cb",
          "poo cb",
          "moo cb",
          "drain");

  @Test
  void queueFiresEventsInAsyncJsOrder() {
    TaskQueue<String, String> q = Async.queue(this::worker, 3);
    listen(q);

    q.pause();
    for (String task : List.of("foo", "bar", "zoo", "poo", "moo")) {
      q.push(task).thenRun(() -> calls.add(task + " cb"));
    }
    q.resume();
    for (String task : List.of("foo", "bar", "zoo", "poo", "moo")) {
      finish(task);
    }

    assertThat(calls).containsExactlyElementsOf(ASYNC_JS_QUEUE_EVENTS);
  }

  @Test
  void cargoQueueWithPayloadOneFiresTheSameEventsAsAQueue() {
    Cargo<String, String> q = Async.cargoQueue(batch -> worker(String.join(",", batch)), 3, 1);
    listen(q);

    q.pause();
    for (String task : List.of("foo", "bar", "zoo", "poo", "moo")) {
      q.push(task).thenRun(() -> calls.add(task + " cb"));
    }
    q.resume();
    for (String task : List.of("foo", "bar", "zoo", "poo", "moo")) {
      finish(task);
    }

    assertThat(calls).containsExactlyElementsOf(ASYNC_JS_QUEUE_EVENTS);
  }

  @Test
  void priorityQueueHandsOutLowerPrioritiesFirstAndFiresSaturatedAsAsyncJs() {
    PriorityTaskQueue<String, String> q = Async.priorityQueue(this::worker, 4);
    q.onSaturated(() -> calls.add("saturated"));

    q.pause();
    for (int i = 0; i < 5; i++) {
      String task = "foo" + i;
      q.push(task, 5 - i).thenRun(() -> calls.add(task + " cb"));
    }
    q.resume();
    for (String task : List.of("foo4", "foo3", "foo2", "foo1", "foo0")) {
      finish(task);
    }

    assertThat(calls)
        .containsExactly(
            "process foo4",
            "process foo3",
            "process foo2",
            "saturated",
            "process foo1",
            "foo4 cb",
            "saturated",
            "process foo0",
            "foo3 cb",
            "foo2 cb",
            "foo1 cb",
            "foo0 cb");
  }

  @Test
  void priorityQueueKeepsPushOrderAmongEqualPriorities() {
    PriorityTaskQueue<String, String> q = Async.priorityQueue(this::worker, 1);

    q.pause();
    q.push("a", 1);
    q.push("b", 0);
    q.push("c", 1);
    q.push("d", 0);
    q.resume();
    for (String task : List.of("b", "d", "a", "c")) {
      finish(task);
    }

    assertThat(calls).containsExactly("process b", "process d", "process a", "process c");
  }

  @Test
  void unsaturatedFiresWhenRunningDropsToConcurrencyMinusBuffer() {
    TaskQueue<String, String> q = Async.queue(this::worker, 4); // buffer = 1
    q.onUnsaturated(() -> calls.add("unsaturated at " + q.running()));

    q.pushAll(List.of("a", "b", "c", "d"));
    finish("a");
    finish("b");

    assertThat(q.buffer()).isEqualTo(1.0);
    assertThat(calls).filteredOn(call -> call.startsWith("unsaturated")).containsExactly(
        "unsaturated at 3", "unsaturated at 2");
  }

  @Test
  void errorFiresAfterTheTaskFutureFailedWithTheErrorAndTheTask() {
    IllegalStateException boom = new IllegalStateException("boom");
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.onError((error, task) -> calls.add("error " + error.getMessage() + " " + task));

    q.push("x").whenComplete((value, error) -> calls.add("x cb " + error.getMessage()));
    calls.clear();
    pending.get("x").completeExceptionally(boom);

    assertThat(calls).containsExactly("x cb boom", "error boom x");
  }

  @Test
  void cargoHandsOutBatchesOfUpToPayloadTasks() {
    List<List<Integer>> batches = new ArrayList<>();
    Cargo<Integer, String> cargo =
        Async.cargo(
            batch -> {
              batches.add(List.copyOf(batch));
              return CompletableFuture.completedFuture("batch of " + batch.size());
            },
            3);

    cargo.pause();
    List<CompletableFuture<String>> results = cargo.pushAll(List.of(0, 1, 2, 3, 4));
    cargo.resume();

    assertThat(batches).containsExactly(List.of(0, 1, 2), List.of(3, 4));
    assertThat(results.get(0)).isCompletedWithValue("batch of 3");
    assertThat(results.get(4)).isCompletedWithValue("batch of 2");
    assertThat(cargo.payload()).isEqualTo(3);
  }

  @Test
  void aFailedCargoBatchFailsEachTaskAndFiresErrorForEach() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<Integer> batch = new CompletableFuture<>();
    Cargo<String, Integer> cargo = Async.cargo(tasks -> batch, 2);
    cargo.onError((error, task) -> calls.add("error " + task));

    cargo.pause();
    cargo.push("a").whenComplete((v, e) -> calls.add("a cb"));
    cargo.push("b").whenComplete((v, e) -> calls.add("b cb"));
    cargo.resume();
    batch.completeExceptionally(boom);

    assertThat(calls).containsExactly("a cb", "error a", "b cb", "error b");
  }

  @Test
  void killCancelsAPendingDrainedFuture() {
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.push("a");
    CompletableFuture<Void> drained = q.drained();

    q.kill();

    assertThat(drained).isCancelled();
  }

  @Test
  void drainFiresOncePerIdlePeriod() {
    TaskQueue<String, String> q = Async.queue(task -> CompletableFuture.completedFuture(task), 3);
    q.onDrain(() -> calls.add("drain"));

    q.pushAll(List.of("a", "b", "c", "d", "e"));
    q.pushAll(List.of("f", "g"));

    assertThat(calls).containsExactly("drain", "drain");
  }

  @Test
  void pushingAnEmptyListToAnIdleQueueFiresDrain() {
    TaskQueue<String, String> q = Async.queue(this::worker, 1);
    q.onDrain(() -> calls.add("drain"));

    q.pushAll(List.of());

    assertThat(calls).containsExactly("drain");
    assertThat(q.started()).isTrue();
  }

  @Test
  void aListenerReplacesThePreviousOne() {
    TaskQueue<String, String> q = Async.queue(task -> CompletableFuture.completedFuture(task), 1);
    q.onDrain(() -> calls.add("first"));
    q.onDrain(() -> calls.add("second"));

    q.push("a");

    assertThat(calls).containsExactly("second");
  }
}
