package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * async.js's {@code cargo} and {@code cargoQueue}: a queue whose worker takes up to {@link #payload()} waiting tasks
 * per call, in FIFO order. Every task of a batch gets the batch's result (or failure) on its future, as in async.js
 * where the batch's callback is every task's callback.
 *
 * <pre>{@code
 * Cargo<Row, Void> writer = Async.cargo(rows -> db.insertAllAsync(rows), 500);
 * rows.forEach(writer::push);            // inserted 500 at a time, one insert at a time
 * }</pre>
 *
 * <p>Cancelling one task's future does not cancel the batch it is in. See {@link WorkQueue} for events, threading
 * and memory.
 *
 * @param <T> the task type
 * @param <R> the worker's result type for a batch
 */
public final class Cargo<T, R> extends WorkQueue<T, R> {

  Cargo(Function<? super List<T>, ? extends CompletionStage<? extends R>> worker, int concurrency, int payload) {
    super(new QueueEngine<T, R>(worker::apply, Backlog.fifo(), concurrency, payload));
  }

  /** The most tasks per worker call. */
  public int payload() {
    return engine.payload();
  }

  /** Adds {@code task} at the back; the future completes with the result of the batch it ends up in. */
  public CompletableFuture<R> push(T task) {
    Job<T, R> job = new Job<>(task);
    engine.push(job, false);
    return job;
  }

  /** Adds {@code task} at the front. */
  public CompletableFuture<R> unshift(T task) {
    Job<T, R> job = new Job<>(task);
    engine.push(job, true);
    return job;
  }

  /** Adds each task at the back, in order; an empty collection pushed to an idle cargo fires {@code drain}. */
  public List<CompletableFuture<R>> pushAll(Collection<? extends T> tasks) {
    List<Job<T, R>> jobs = new ArrayList<>(tasks.size());
    for (T task : tasks) {
      jobs.add(new Job<>(task));
    }
    engine.pushAll(jobs, false);
    return Collections.unmodifiableList(jobs);
  }
}
