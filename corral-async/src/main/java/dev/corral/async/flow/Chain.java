package dev.corral.async.flow;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The engine behind every sequential function ({@code waterfall}, {@code reduce}, {@code whilst}, {@code forever}
 * ...): runs one step at a time, each given the previous step's result, until the {@link Steps} source says it is
 * finished or a step fails.
 *
 * <p>Cancelling {@link #done} cancels the step that is running and starts no further step. A step that completes
 * synchronously is consumed in a loop, not by recursion, so a million instant steps use constant stack.
 *
 * <p><b>Threading.</b> Only one step exists at a time, so steps and the {@code Steps} source are called one after
 * another, each call happening-before the next (through the completion of the previous step's future).
 */
final class Chain {

  /** Supplies the steps of a chain. */
  @FunctionalInterface
  interface Steps {
    /**
     * Starts the step that follows a step that produced {@code previous}, or returns null when the chain is
     * finished (its result is then {@code previous}). May throw: the chain then fails with that exception.
     */
    CompletionStage<?> next(Object previous) throws Exception;
  }

  private final Steps steps;
  private final CompletableFuture<Object> done = new CompletableFuture<>();

  /** The running step. Written before {@code done} is checked, read after {@code done} completes. */
  private volatile CompletableFuture<?> current;

  private Chain(Steps steps) {
    this.steps = steps;
  }

  /** Runs {@code steps} starting from {@code seed}; cancelling the result cancels the running step. */
  static CompletableFuture<Object> run(Object seed, Steps steps) {
    Chain chain = new Chain(steps);
    chain.done.whenComplete(
        (value, failure) -> {
          CompletableFuture<?> running = chain.current;
          if (failure != null && running != null) {
            running.cancel(true);
          }
        });
    chain.advance(seed);
    return chain.done;
  }

  /** Runs each function of {@code functions} in turn, feeding each the previous result. */
  static CompletableFuture<Object> run(
      Object seed, List<? extends Function<Object, ? extends CompletionStage<?>>> functions) {
    Iterator<? extends Function<Object, ? extends CompletionStage<?>>> iterator = functions.iterator();
    return run(seed, previous -> iterator.hasNext() ? iterator.next().apply(previous) : null);
  }

  private void advance(Object previous) {
    Object input = previous;
    while (!done.isDone()) {
      CompletionStage<?> stage;
      try {
        stage = steps.next(input);
      } catch (Throwable failure) {
        done.completeExceptionally(failure);
        return;
      }
      if (stage == null) {
        done.complete(input);
        return;
      }
      CompletableFuture<?> step = Stages.adopt(stage);
      current = step;
      if (done.isDone()) {
        step.cancel(true); // cancelled while the step was being started
        return;
      }
      if (!step.isDone()) {
        step.whenComplete(this::onStepComplete);
        return;
      }
      if (step.isCompletedExceptionally()) {
        onStepComplete(null, failureOf(step));
        return;
      }
      input = step.join();
    }
  }

  private void onStepComplete(Object value, Throwable failure) {
    if (failure != null) {
      done.completeExceptionally(Stages.unwrap(failure));
    } else {
      advance(value);
    }
  }

  private static Throwable failureOf(CompletableFuture<?> failed) {
    try {
      failed.join();
      throw new IllegalStateException("expected a failed future");
    } catch (RuntimeException failure) {
      return Stages.unwrap(failure);
    }
  }
}
