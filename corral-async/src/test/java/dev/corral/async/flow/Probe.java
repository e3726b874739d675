package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hand-completed tasks for tests: {@link #task(int)} returns a task whose run the test completes with
 * {@link #complete(int, Object)} or {@link #fail(int, Throwable)}, and records which runs started.
 */
final class Probe<T> {
  private final List<CompletableFuture<T>> runs;
  private final List<Integer> started = new CopyOnWriteArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();

  Probe(int size) {
    runs = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      CompletableFuture<T> run = new CompletableFuture<>();
      run.whenComplete(
          (v, e) -> {
            if (run.isCancelled()) {
              running.decrementAndGet();
            }
          });
      runs.add(run);
    }
  }

  Task<T> task(int index) {
    return () -> {
      started.add(index);
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      return runs.get(index);
    };
  }

  List<Task<T>> tasks() {
    List<Task<T>> tasks = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      tasks.add(task(i));
    }
    return tasks;
  }

  void complete(int index, T value) {
    running.decrementAndGet(); // before completing: completion may start the next task at once
    runs.get(index).complete(value);
  }

  void fail(int index, Throwable failure) {
    running.decrementAndGet();
    runs.get(index).completeExceptionally(failure);
  }

  CompletableFuture<T> run(int index) {
    return runs.get(index);
  }

  List<Integer> started() {
    return List.copyOf(started);
  }

  int maxRunning() {
    return maxRunning.get();
  }
}
