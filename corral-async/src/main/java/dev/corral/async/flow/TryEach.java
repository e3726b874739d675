package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Async#tryEach}: runs tasks one at a time until one succeeds. State is touched only by the one attempt
 * running at a time, each attempt starting after the previous one completed (happens-before through its future).
 */
final class TryEach<T> {
  private final List<Task<? extends T>> tasks;
  private final CompletableFuture<T> done = new CompletableFuture<>();
  private final List<Throwable> failures = new ArrayList<>();

  /** The running attempt; written before {@code done} is checked, read after {@code done} is cancelled. */
  private volatile CompletableFuture<? extends T> current;

  private TryEach(List<Task<? extends T>> tasks) {
    this.tasks = tasks;
  }

  static <T> CompletableFuture<T> run(List<? extends Task<? extends T>> tasks) {
    List<Task<? extends T>> list = ControlFlow.copyTasks(tasks);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("tasks: [] (expected: at least one task)");
    }
    TryEach<T> run = new TryEach<>(list);
    run.done.whenComplete(
        (value, failure) -> {
          CompletableFuture<? extends T> attempt = run.current;
          if (run.done.isCancelled() && attempt != null) {
            attempt.cancel(true);
          }
        });
    run.attempt(0);
    return run.done;
  }

  /** Starts attempt {@code index}; an attempt that fails synchronously moves on in this loop, not by recursion. */
  private void attempt(int index) {
    for (int i = index; i < tasks.size() && !done.isDone(); i++) {
      CompletableFuture<? extends T> attempt = Stages.start(tasks.get(i)::start);
      current = attempt;
      if (done.isDone()) {
        attempt.cancel(true); // cancelled while the attempt was being started
        return;
      }
      if (!attempt.isDone()) {
        int next = i + 1;
        attempt.whenComplete((value, failure) -> settle(next, value, failure));
        return;
      }
      if (!attempt.isCompletedExceptionally()) {
        done.complete(attempt.join());
        return;
      }
      if (!failed(attempt.handle((value, failure) -> failure).join())) {
        return;
      }
    }
  }

  private void settle(int next, T value, Throwable failure) {
    if (failure == null) {
      done.complete(value);
    } else if (failed(failure)) {
      attempt(next);
    }
  }

  /** Records a failed attempt; returns whether to try the next task, else completes {@code done} with the failure. */
  private boolean failed(Throwable failure) {
    Throwable error = Stages.unwrap(failure);
    boolean last = failures.size() == tasks.size() - 1;
    if (!last && !Stages.isCancellation(error)) {
      failures.add(error);
      return true;
    }
    for (Throwable earlier : failures) {
      if (earlier != error) {
        error.addSuppressed(earlier);
      }
    }
    done.completeExceptionally(error);
    return false;
  }
}
