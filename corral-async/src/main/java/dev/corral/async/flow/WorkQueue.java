package dev.corral.async.flow;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * What async.js's queue objects have in common: {@link TaskQueue}, {@link PriorityTaskQueue} and {@link Cargo}.
 * A worker processes pushed tasks, at most {@link #concurrency()} worker calls at once; the rest wait.
 *
 * <p><b>Events</b> follow async.js v3 exactly, and each {@code onXxx} replaces the previous listener of that event
 * (as {@code q.drain(fn)} does):
 * <ul>
 *   <li>{@code empty}: when the last waiting task is handed to a worker;
 *   <li>{@code saturated}: when a hand-off makes {@code running() == concurrency()};
 *   <li>{@code unsaturated}: after a worker call completes, if {@code running() <= concurrency() - buffer()};
 *       {@code buffer} starts at {@code concurrency / 4} and does not follow later concurrency changes;
 *   <li>{@code drain}: after a worker call completes, if the queue is then idle; and when an empty list is pushed to
 *       an idle queue;
 *   <li>{@code error}: after each failed task's future has failed, with the error and the task.
 * </ul>
 * On a completion the order is: each task's future, {@code error} per failed task, {@code unsaturated},
 * {@code drain}, then the next hand-offs ({@code empty}, {@code saturated}).
 *
 * <p><b>Differences from async.js.</b> A push hands work out at once rather than on the next tick (a push from
 * inside a listener or worker is handled right after it returns, never re-entrantly). Raising the concurrency starts
 * waiting tasks at once. Tasks removed by {@link #kill()} or {@link #remove} have their futures fail with
 * {@link TaskRemovedException} (a {@code CancellationException}) instead of never settling. A task's future may
 * be cancelled: if it still waits it is skipped (and counted by {@link #length()} until it is reached); if a worker
 * runs on it alone, that worker's future is cancelled. Its cancellation fires no {@code error} event.
 *
 * <p><b>Threading.</b> All methods are thread-safe. Events and hand-offs run one at a time, in order, on the thread
 * that pushed or the one that completed a worker call, never concurrently; so listeners need no locking of their
 * own, and each listener call happens-before the next. Actions before a {@code push} happen-before the worker call
 * that receives the task; a worker call's completion happens-before the dependent actions of its tasks' futures.
 * A listener that throws is reported to the thread's uncaught-exception handler and does not disturb the queue.
 * Counters are snapshots.
 *
 * <p><b>Memory.</b> A waiting task is one small object (its future, holding the task) plus one backlog slot: about
 * 40 bytes with FIFO order, 56 with priorities, not counting the task object itself.
 *
 * @param <T> the task type
 * @param <R> the result type of a worker call
 */
public abstract sealed class WorkQueue<T, R> permits TaskQueue, PriorityTaskQueue, Cargo {
  final QueueEngine<T, R> engine;

  WorkQueue(QueueEngine<T, R> engine) {
    this.engine = engine;
  }

  /** Tasks waiting for a worker. */
  public final int length() {
    return engine.length();
  }

  /** Worker calls in progress. */
  public final int running() {
    return engine.running();
  }

  /**
   * The tasks handed to a worker whose call has not finished, in no particular order (async.js
   * {@code workersList()}, which lists worker objects; here the tasks themselves). A snapshot: it may miss a change
   * made while it is taken, never a task whose future completed before the call.
   */
  public final List<T> workersList() {
    return engine.workersList();
  }

  /** Whether no task waits and no worker call runs. */
  public final boolean idle() {
    return engine.idle();
  }

  /** Whether anything was ever pushed. */
  public final boolean started() {
    return engine.isStarted();
  }

  /** Whether {@link #pause()} is in effect. */
  public final boolean paused() {
    return engine.isPaused();
  }

  /** The most worker calls at once. */
  public final int concurrency() {
    return engine.concurrency();
  }

  /**
   * Changes the most worker calls at once; takes effect at once (a higher value starts waiting tasks now, a lower one
   * lets running calls finish).
   *
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  public final void setConcurrency(int concurrency) {
    engine.setConcurrency(concurrency);
  }

  /** The {@code unsaturated} threshold's margin; starts at {@code concurrency / 4}. */
  public final double buffer() {
    return engine.buffer();
  }

  /**
   * Sets the {@code unsaturated} threshold's margin.
   *
   * @throws IllegalArgumentException if {@code buffer} is negative or NaN
   */
  public final void setBuffer(double buffer) {
    engine.setBuffer(buffer);
  }

  /** Stops handing out tasks; running worker calls go on. */
  public final void pause() {
    engine.pause();
  }

  /** Resumes handing out tasks after {@link #pause()}; a no-op if not paused. */
  public final void resume() {
    engine.resume();
  }

  /**
   * Removes every listener and takes every waiting task out, failing its future with {@link TaskRemovedException};
   * running worker calls go on.
   */
  public final void kill() {
    engine.kill();
  }

  /** Takes out the waiting tasks that match {@code test}, failing their futures with {@link TaskRemovedException}. */
  public final void remove(Predicate<? super T> test) {
    engine.remove(Objects.requireNonNull(test, "test"));
  }

  /** Sets the {@code drain} listener, replacing the previous one. */
  public final void onDrain(Runnable listener) {
    engine.onDrain(listener);
  }

  /** Sets the {@code empty} listener, replacing the previous one. */
  public final void onEmpty(Runnable listener) {
    engine.onEmpty(listener);
  }

  /** Sets the {@code saturated} listener, replacing the previous one. */
  public final void onSaturated(Runnable listener) {
    engine.onSaturated(listener);
  }

  /** Sets the {@code unsaturated} listener, replacing the previous one. */
  public final void onUnsaturated(Runnable listener) {
    engine.onUnsaturated(listener);
  }

  /** Sets the {@code error} listener, replacing the previous one; it receives the error and the failed task. */
  public final void onError(BiConsumer<? super Throwable, ? super T> listener) {
    engine.onError(listener);
  }

  /**
   * A future for the next {@code drain} event (async.js {@code q.drain()} without a handler); cancelled by
   * {@link #kill()}.
   */
  public final CompletableFuture<Void> drained() {
    return engine.drained();
  }
}
