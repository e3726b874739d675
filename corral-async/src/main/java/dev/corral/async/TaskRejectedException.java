package dev.corral.async;

import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Bagpipe} in refuse mode turned a task away because its backlog was full (bagpipe's
 * {@code TooMuchAsyncCallError}). The task never ran. Callers may retry later, shed the request, or answer 503.
 */
public final class TaskRejectedException extends RejectedExecutionException {
  private static final long serialVersionUID = 1L;

  private final int queueLimit;

  TaskRejectedException(String name, int queueLimit) {
    super(name + ": too many tasks waiting (queueLimit " + queueLimit + " reached)");
    this.queueLimit = queueLimit;
  }

  /** The backlog bound that was reached. */
  public int queueLimit() {
    return queueLimit;
  }
}
