package dev.corral.async.flow;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A unit of asynchronous work: each call to {@link #start()} starts one run and returns the stage that completes
 * with its result. This is the shape every function of {@link Async} consumes, so already-async code
 * ({@code () -> httpClient.sendAsync(...)}) is a {@code Task} as it stands, and blocking code becomes one with
 * {@link #blocking(Callable)}.
 *
 * <p><b>Cancellation.</b> When {@link Async} gives up on a running task (a sibling failed, a timeout expired, the
 * caller cancelled the combined future), it calls {@code cancel(true)} on {@code start().toCompletableFuture()}.
 * A task made by {@link #blocking(Callable)} reacts by interrupting the thread that runs it; an already-async task
 * reacts however its own future reacts to {@code cancel}.
 *
 * <p><b>Threading.</b> {@code start()} may be called on any thread, including a thread that just completed another
 * task; it should return promptly and do its real work asynchronously.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Task<T> {

  /**
   * Starts one run of this task.
   *
   * @return the stage that completes with the run's result or failure; never {@code null}
   */
  CompletionStage<T> start();

  /**
   * A task that runs blocking code on a new virtual thread per run. Cancelling the run interrupts that thread; a run
   * cancelled before its thread picked it up never calls {@code body}.
   *
   * @throws NullPointerException if {@code body} is null
   */
  static <T> Task<T> blocking(Callable<? extends T> body) {
    return blocking(body, VirtualThreads.EXECUTOR);
  }

  /**
   * A task that runs blocking code on {@code executor}, one {@code execute} per run. Cancelling a run interrupts the
   * executor thread only while it is running {@code body}, never afterwards.
   *
   * @throws NullPointerException if an argument is null
   */
  static <T> Task<T> blocking(Callable<? extends T> body, Executor executor) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(executor, "executor");
    return () -> BlockingRun.submit(body, executor);
  }

  /**
   * An iteratee (for {@link Async#map} and friends, or a queue worker) that runs blocking code on a new virtual
   * thread per element, with the same cancellation as {@link #blocking(Callable)}.
   *
   * @throws NullPointerException if {@code body} is null
   */
  static <I, O> Function<I, CompletionStage<O>> blocking(BlockingFunction<? super I, ? extends O> body) {
    return blocking(body, VirtualThreads.EXECUTOR);
  }

  /**
   * An iteratee that runs blocking code on {@code executor}, one {@code execute} per element.
   *
   * @throws NullPointerException if an argument is null
   */
  static <I, O> Function<I, CompletionStage<O>> blocking(
      BlockingFunction<? super I, ? extends O> body, Executor executor) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(executor, "executor");
    return input -> BlockingRun.submit(() -> body.apply(input), executor);
  }

  /** A function that may block and may throw a checked exception; see {@link Task#blocking(BlockingFunction)}. */
  @FunctionalInterface
  interface BlockingFunction<I, O> {
    /** Computes the result for {@code input}, blocking if it needs to. */
    O apply(I input) throws Exception;
  }
}
