package dev.corral.async.flow;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The engine behind every fail-fast collection and control-flow function: starts jobs {@code 0..size-1} in index
 * order, at most {@code limit} at once, and hands each result to a {@link Sink}.
 *
 * <p>The run ends when every job has succeeded, when the sink asks to stop (a short-circuit such as
 * {@code detect}), on the first failure, or when the caller cancels {@link #done()}. Whatever ends it, jobs not yet
 * started are never started, and jobs still running are cancelled.
 *
 * <p><b>Threading.</b> Starting jobs and cancelling them happen in {@link #drain()}, which runs on one thread at a
 * time (the {@code wip} counter hands ownership over; the counter's atomic updates order one owner's writes before the
 * next owner's reads), so {@code next} and {@code started} need no further locking. A job that completes
 * synchronously re-enters {@code drain()}, which only bumps {@code wip}: no recursion, however many jobs complete at
 * once. Sink calls for distinct indexes may run concurrently; each happens before the decrement of {@code remaining}
 * that follows it, so everything the sinks wrote is visible to whoever observes {@code done()} complete normally.
 */
final class Batch<V> {

  /** Receives each successful result; called at most once per index, possibly concurrently for distinct indexes. */
  @FunctionalInterface
  interface Sink<V> {
    /** Records {@code value} for job {@code index}; returns true to stop the run successfully now. */
    boolean accept(int index, V value);
  }

  private final int size;
  private final int limit;
  private final IntFunction<? extends CompletionStage<? extends V>> jobs;
  private final Sink<? super V> sink;
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  /** Futures of started jobs, by index. Owned by the {@code drain()} owner. */
  private final CompletableFuture<?>[] started;

  /** Index of the next job to start. Owned by the {@code drain()} owner. */
  private int next;

  /** Whether {@code drain()} has cancelled the started jobs. Owned by the {@code drain()} owner. */
  private boolean cancelledStarted;

  /** Jobs started and not yet completed. */
  private final AtomicInteger active = new AtomicInteger();

  /** Jobs not yet completed (started or not); the run succeeds when this reaches 0. */
  private final AtomicInteger remaining;

  /** Pending {@code drain()} requests; the thread that raises it from 0 owns the loop. */
  private final AtomicInteger wip = new AtomicInteger();

  private Batch(int size, int limit, IntFunction<? extends CompletionStage<? extends V>> jobs, Sink<? super V> sink) {
    this.size = size;
    this.limit = limit;
    this.jobs = jobs;
    this.sink = sink;
    this.started = new CompletableFuture<?>[size];
    this.remaining = new AtomicInteger(size);
  }

  /**
   * Starts the run and returns its completion: normal when every job succeeded or the sink stopped the run,
   * exceptional with the first failure. Cancelling the returned future cancels the run.
   */
  static <V> CompletableFuture<Void> run(
      int size, int limit, IntFunction<? extends CompletionStage<? extends V>> jobs, Sink<? super V> sink) {
    Require.atLeastOne("limit", limit);
    Batch<V> batch = new Batch<>(size, limit, jobs, sink);
    if (size == 0) {
      batch.done.complete(null);
      return batch.done;
    }
    batch.done.whenComplete((ignored, failure) -> batch.drain()); // whatever ended it: cancel what still runs
    batch.drain();
    return batch.done;
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      if (done.isDone()) {
        cancelStarted();
      } else {
        startWhatFits();
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void startWhatFits() {
    while (next < size && active.get() < limit && !done.isDone()) {
      int index = next++;
      active.incrementAndGet();
      CompletableFuture<? extends V> job = Stages.start(() -> jobs.apply(index));
      started[index] = job;
      job.whenComplete((value, failure) -> onComplete(index, value, failure));
    }
  }

  private void cancelStarted() {
    if (cancelledStarted) {
      return;
    }
    cancelledStarted = true;
    for (int i = 0; i < next; i++) {
      CompletableFuture<?> job = started[i];
      started[i] = null;
      if (job != null && !job.isDone()) {
        job.cancel(true);
      }
    }
  }

  private void onComplete(int index, V value, Throwable failure) {
    if (failure != null) {
      done.completeExceptionally(Stages.unwrap(failure));
    } else if (!done.isDone() && sink.accept(index, value)) {
      done.complete(null);
    }
    active.decrementAndGet();
    if (remaining.decrementAndGet() == 0) {
      done.complete(null);
    } else {
      drain();
    }
  }
}
