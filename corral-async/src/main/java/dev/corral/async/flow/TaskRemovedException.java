package dev.corral.async.flow;

import java.util.concurrent.CancellationException;

/**
 * The failure of a waiting task's future when {@link WorkQueue#kill()} or {@link WorkQueue#remove} took the task out
 * of its queue. It is a {@link CancellationException}, so {@code isCancelled()} is true for such futures.
 *
 * <p>One instance is shared by all the tasks one call removed: its stack trace is that of the {@code kill} or
 * {@code remove} call, recorded once rather than once per task (a million stack traces would take seconds).
 */
public final class TaskRemovedException extends CancellationException {
  private static final long serialVersionUID = 1L;

  TaskRemovedException(String message) {
    super(message);
  }
}
