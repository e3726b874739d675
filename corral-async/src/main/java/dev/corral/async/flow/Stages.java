package dev.corral.async.flow;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Starts tasks as cancellable futures. Every future this class returns propagates {@code cancel} to the stage the
 * task returned, so cancelling it cancels the work (see {@link Task} on cancellation).
 */
final class Stages {
  private Stages() {}

  /**
   * Starts {@code task}. A task that throws, or returns null, gives a failed future instead of throwing, so a
   * synchronous failure follows the same path as an asynchronous one.
   */
  static <T> CompletableFuture<T> start(Supplier<? extends CompletionStage<? extends T>> task) {
    CompletionStage<? extends T> stage;
    try {
      stage = task.get();
    } catch (Throwable failure) {
      return CompletableFuture.failedFuture(failure);
    }
    if (stage == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException("task returned null (expected: a CompletionStage)"));
    }
    return adopt(stage);
  }

  /** A future that mirrors {@code stage} and, when cancelled, cancels {@code stage} too. */
  @SuppressWarnings("unchecked")
  static <T> CompletableFuture<T> adopt(CompletionStage<? extends T> stage) {
    if (stage instanceof BlockingRun<?> || stage.getClass() == CompletableFuture.class) {
      // A plain CompletableFuture (or our own BlockingRun) already is what a mirror would be: cancelling it cancels
      // the stage itself. Subclasses may refuse cancel (minimalCompletionStage), so they get a mirror.
      return (CompletableFuture<T>) stage;
    }
    CompletableFuture<T> mirror = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            mirror.complete(value);
          } else {
            mirror.completeExceptionally(unwrap(failure));
          }
        });
    mirror.whenComplete(
        (value, failure) -> {
          if (mirror.isCancelled()) {
            cancel(stage);
          }
        });
    return mirror;
  }

  /**
   * {@code source.thenApply(fn)}, except that cancelling the result also cancels {@code source}, so a caller who
   * cancels what {@link Async} returned cancels the work underneath.
   */
  static <A, B> CompletableFuture<B> map(CompletableFuture<A> source, Function<? super A, ? extends B> fn) {
    CompletableFuture<B> derived = source.thenApply(fn);
    derived.whenComplete(
        (value, failure) -> {
          if (derived.isCancelled()) {
            source.cancel(true);
          }
        });
    return derived;
  }

  /** Cancels {@code stage} through its {@code CompletableFuture} view, if it offers one. */
  static void cancel(CompletionStage<?> stage) {
    CompletableFuture<?> future;
    try {
      future = stage.toCompletableFuture();
    } catch (UnsupportedOperationException noView) {
      return; // a stage without a future view cannot be cancelled; documented on Task
    }
    future.cancel(true);
  }

  /** The failure a caller should see: {@code CompletionException}/{@code ExecutionException} wrappers removed. */
  static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Whether {@code failure} means the work was cancelled rather than that it failed. */
  static boolean isCancellation(Throwable failure) {
    return unwrap(failure) instanceof CancellationException;
  }
}
