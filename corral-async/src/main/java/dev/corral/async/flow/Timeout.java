package dev.corral.async.flow;

import dev.corral.async.Scheduler;
import dev.corral.async.TaskTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** {@link Async#timeout}: a task with a time limit that, when it expires, fails the call and cancels the task. */
final class Timeout {
  private Timeout() {}

  static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
    return value;
  }

  static <T> CompletableFuture<T> run(Task<? extends T> task, Duration limit, Scheduler scheduler) {
    Objects.requireNonNull(task, "task");
    positive("timeout", limit);
    Objects.requireNonNull(scheduler, "scheduler");
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<? extends T> run = Stages.start(task::start);
    Scheduler.Cancellable timer =
        scheduler.schedule(
            () -> {
              if (result.completeExceptionally(new TaskTimeoutException(limit))) {
                run.cancel(true);
              }
            },
            limit.toNanos());
    run.whenComplete(
        (value, failure) -> {
          timer.cancel();
          if (failure == null) {
            result.complete(value);
          } else {
            result.completeExceptionally(Stages.unwrap(failure));
          }
        });
    result.whenComplete(
        (value, failure) -> {
          if (result.isCancelled()) {
            timer.cancel();
            run.cancel(true);
          }
        });
    return result;
  }
}
