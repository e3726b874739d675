package dev.corral.async.flow;

import dev.corral.async.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One retrying call of {@link Async#retry(RetryPolicy, Task)}. Attempts run one at a time; the result is the first
 * success, or the failure of the last attempt made. Cancelling {@link #result} cancels the running attempt or the
 * pending wait, and no further attempt starts.
 *
 * <p><b>Threading.</b> Attempts never overlap: attempt {@code n+1} starts after attempt {@code n} has failed (from
 * its completion or from the scheduler), so {@code attempt} and the volatile handles are written by one thread at a
 * time, each write happening-before the next attempt.
 */
final class Retry<T> {
  private final Task<? extends T> task;
  private final RetryPolicy policy;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  /** Attempts made so far. Only touched by the thread that starts the next attempt. */
  private int attempt;

  private volatile CompletableFuture<? extends T> running;
  private volatile Scheduler.Cancellable waiting;

  private Retry(Task<? extends T> task, RetryPolicy policy) {
    this.task = task;
    this.policy = policy;
  }

  static <T> CompletableFuture<T> run(RetryPolicy policy, Task<? extends T> task) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(task, "task");
    Retry<T> retry = new Retry<>(task, policy);
    retry.result.whenComplete(
        (value, failure) -> {
          if (retry.result.isCancelled()) {
            retry.cancelPending();
          }
        });
    retry.attempt();
    return retry.result;
  }

  private void attempt() {
    while (!result.isDone()) {
      attempt++;
      CompletableFuture<? extends T> run = Stages.start(task::start);
      running = run;
      if (result.isDone()) {
        run.cancel(true);
        return;
      }
      if (!run.isDone() || !run.isCompletedExceptionally()) {
        run.whenComplete((value, failure) -> onAttempt(value, failure));
        return;
      }
      Throwable failure = run.handle((value, error) -> error).join();
      Duration delay = nextDelay(Stages.unwrap(failure));
      if (delay == null) {
        return;
      }
      if (!delay.isZero()) {
        waitThenAttempt(delay);
        return;
      }
    }
  }

  private void onAttempt(T value, Throwable failure) {
    if (failure == null) {
      result.complete(value);
      return;
    }
    Duration delay = nextDelay(Stages.unwrap(failure));
    if (delay == null) {
      return;
    }
    if (delay.isZero()) {
      attempt();
    } else {
      waitThenAttempt(delay);
    }
  }

  /** The wait before the next attempt, or null after failing {@code result} because no attempt is left. */
  private Duration nextDelay(Throwable failure) {
    try {
      if (attempt >= policy.times() || Stages.isCancellation(failure) || !policy.retries(failure)) {
        result.completeExceptionally(failure);
        return null;
      }
      return policy.delayBefore(attempt);
    } catch (RuntimeException brokenPolicy) {
      brokenPolicy.addSuppressed(failure);
      result.completeExceptionally(brokenPolicy);
      return null;
    }
  }

  private void waitThenAttempt(Duration delay) {
    waiting = policy.scheduler().schedule(this::attempt, delay.toNanos());
    if (result.isDone()) {
      waiting.cancel();
    }
  }

  private void cancelPending() {
    Scheduler.Cancellable timer = waiting;
    if (timer != null) {
      timer.cancel();
    }
    CompletableFuture<? extends T> run = running;
    if (run != null) {
      run.cancel(true);
    }
  }
}
