package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * async.js's {@code queue}: tasks wait in FIFO order (or jump ahead with {@link #unshift}) until one of
 * {@link #concurrency()} worker slots frees up. Create one with {@link Async#queue(Function, int)}:
 *
 * <pre>{@code
 * TaskQueue<URI, String> downloads = Async.queue(Task.blocking(uri -> fetch(uri)), 4);
 * downloads.onDrain(() -> log.info("all downloads done"));
 * CompletableFuture<String> page = downloads.push(URI.create("https://example.com"));
 * }</pre>
 *
 * <p>See {@link WorkQueue} for events, threading and memory.
 *
 * @param <T> the task type
 * @param <R> the worker's result type
 */
public final class TaskQueue<T, R> extends WorkQueue<T, R> {

  TaskQueue(Function<? super T, ? extends CompletionStage<? extends R>> worker, int concurrency) {
    super(new QueueEngine<>(batch -> worker.apply(batch.get(0)), Backlog.fifo(), concurrency, 1));
  }

  /** Adds {@code task} at the back; the future completes with the worker's result for it. */
  public CompletableFuture<R> push(T task) {
    Job<T, R> job = new Job<>(task);
    engine.push(job, false);
    return job;
  }

  /** Adds {@code task} at the front, so it is handed out next. */
  public CompletableFuture<R> unshift(T task) {
    Job<T, R> job = new Job<>(task);
    engine.push(job, true);
    return job;
  }

  /**
   * Adds each task at the back, in order (async.js {@code push(array)}); pushing an empty collection to an idle queue
   * fires {@code drain}.
   */
  public List<CompletableFuture<R>> pushAll(Collection<? extends T> tasks) {
    return pushAll(tasks, false);
  }

  /** Adds the tasks at the front, keeping their order: the first of {@code tasks} is handed out first. */
  public List<CompletableFuture<R>> unshiftAll(Collection<? extends T> tasks) {
    return pushAll(tasks, true);
  }

  private List<CompletableFuture<R>> pushAll(Collection<? extends T> tasks, boolean atFront) {
    List<Job<T, R>> jobs = new ArrayList<>(tasks.size());
    for (T task : tasks) {
      jobs.add(new Job<>(task));
    }
    engine.pushAll(jobs, atFront);
    return Collections.unmodifiableList(jobs);
  }
}
