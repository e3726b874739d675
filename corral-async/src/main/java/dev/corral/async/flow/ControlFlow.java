package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/** {@code series}, {@code parallel}, {@code times}, {@code race} and the settled forms; see {@link Async}. */
final class ControlFlow {
  private ControlFlow() {}

  static <T> CompletableFuture<List<T>> all(List<? extends Task<? extends T>> tasks, int limit) {
    List<Task<? extends T>> list = copyTasks(tasks);
    return CollectionFlow.<Task<? extends T>, T>map(list, limit, Task::start);
  }

  static <K, T> CompletableFuture<Map<K, T>> all(Map<K, ? extends Task<? extends T>> tasks, int limit) {
    Objects.requireNonNull(tasks, "tasks");
    return CollectionFlow.<K, Task<? extends T>, T>mapValues(
        new LinkedHashMap<K, Task<? extends T>>(tasks), limit, (task, key) -> task.start());
  }

  static <T> CompletableFuture<List<T>> times(
      int count, int limit, IntFunction<? extends CompletionStage<? extends T>> fn) {
    Require.notNegative("count", count);
    Objects.requireNonNull(fn, "fn");
    Object[] results = new Object[count];
    CompletableFuture<Void> run =
        Batch.<T>run(
            count,
            limit,
            fn,
            (i, v) -> {
              results[i] = v;
              return false;
            });
    return Stages.map(run, ignored -> CollectionFlow.asList(results));
  }

  /** Runs every task to the end, at most {@code limit} at once; never fails, never cancels a sibling. */
  static <T> CompletableFuture<List<Outcome<T>>> settled(List<? extends Task<? extends T>> tasks, int limit) {
    List<Task<? extends T>> list = copyTasks(tasks);
    return CollectionFlow.<Task<? extends T>, Outcome<T>>map(list, limit, task -> ControlFlow.<T>reflect(task).start());
  }

  /** A task that never fails: it completes with the {@link Outcome} of {@code task}. */
  static <T> Task<Outcome<T>> reflect(Task<? extends T> task) {
    Objects.requireNonNull(task, "task");
    return () ->
        Stages.<T>start(task::start)
            .handle(
                (value, failure) ->
                    failure == null ? Outcome.success(value) : Outcome.failure(Stages.unwrap(failure)));
  }

  /** The first task to complete, normally or not, decides the result; the others are cancelled. */
  static <T> CompletableFuture<T> race(List<? extends Task<? extends T>> tasks) {
    List<Task<? extends T>> list = copyTasks(tasks);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("tasks: [] (expected: at least one task)");
    }
    CompletableFuture<T> winner = new CompletableFuture<>();
    List<CompletableFuture<? extends T>> running = new ArrayList<>(list.size());
    for (Task<? extends T> task : list) {
      if (winner.isDone()) {
        break; // an earlier task completed synchronously: later ones never start
      }
      CompletableFuture<? extends T> future = Stages.start(task::start);
      running.add(future);
      future.whenComplete(
          (value, failure) -> {
            if (failure == null) {
              winner.complete(value);
            } else {
              winner.completeExceptionally(Stages.unwrap(failure));
            }
          });
    }
    winner.whenComplete((value, failure) -> running.forEach(future -> future.cancel(true)));
    return winner;
  }

  static <T> List<Task<? extends T>> copyTasks(List<? extends Task<? extends T>> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    List<Task<? extends T>> copy = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      copy.add(Objects.requireNonNull(tasks.get(i), () -> "tasks[" + copy.size() + "]"));
    }
    return copy;
  }
}
