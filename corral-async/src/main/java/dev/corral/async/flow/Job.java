package dev.corral.async.flow;

import java.util.concurrent.CompletableFuture;

/**
 * One task pushed into a queue, and the future its pusher holds: a single object per waiting task, which is what
 * keeps a million pending tasks small (a 16-byte {@code CompletableFuture} core, the data reference, the running
 * worker's future and, for {@link PriorityJob}, its priority and push sequence: about 32 bytes, 48 with priority,
 * plus one backlog slot).
 *
 * <p>Cancelling a job that still waits makes the queue skip it; cancelling a job whose worker runs on it alone
 * cancels that worker's future (interrupting a blocking worker). {@code work} is written by the queue's loop when the
 * job is handed to a worker and read by any canceller, hence volatile.
 */
class Job<T, R> extends CompletableFuture<R> {
  final T data;

  /** The worker's future once the job is handed to a worker alone; null before, or when batched with others. */
  volatile CompletableFuture<?> work;

  Job(T data) {
    this.data = data;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    CompletableFuture<?> running = work;
    if (cancelled && running != null) {
      running.cancel(mayInterruptIfRunning);
    }
    return cancelled;
  }
}
