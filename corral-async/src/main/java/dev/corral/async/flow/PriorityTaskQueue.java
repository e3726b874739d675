package dev.corral.async.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * async.js's {@code priorityQueue}: like {@link TaskQueue}, but waiting tasks are handed out in ascending priority
 * (lower numbers first), and in push order among equal priorities. There is no {@code unshift}.
 *
 * <p>See {@link WorkQueue} for events, threading and memory.
 *
 * @param <T> the task type
 * @param <R> the worker's result type
 */
public final class PriorityTaskQueue<T, R> extends WorkQueue<T, R> {
  private final AtomicLong sequence = new AtomicLong();

  PriorityTaskQueue(Function<? super T, ? extends CompletionStage<? extends R>> worker, int concurrency) {
    super(new QueueEngine<>(batch -> worker.apply(batch.get(0)), Backlog.byPriority(), concurrency, 1));
  }

  /** Adds {@code task} with {@code priority}; the future completes with the worker's result for it. */
  public CompletableFuture<R> push(T task, int priority) {
    Job<T, R> job = new PriorityJob<>(task, priority, sequence.getAndIncrement());
    engine.push(job, false);
    return job;
  }

  /** Adds every task with the same {@code priority}, in order. */
  public List<CompletableFuture<R>> pushAll(Collection<? extends T> tasks, int priority) {
    List<Job<T, R>> jobs = new ArrayList<>(tasks.size());
    for (T task : tasks) {
      jobs.add(new PriorityJob<>(task, priority, sequence.getAndIncrement()));
    }
    engine.pushAll(jobs, false);
    return Collections.unmodifiableList(jobs);
  }
}
