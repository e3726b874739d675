package dev.corral.async;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A task ran longer than its timeout, whether the timeout was a {@link Bagpipe}'s or one given to
 * {@link dev.corral.async.flow.Async#timeout}. By the time a caller sees this, the task has been cancelled (its
 * virtual thread interrupted, or its {@code CompletionStage} cancelled) and, in a Bagpipe, its slot freed.
 */
public final class TaskTimeoutException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /** @param timeout the limit that expired */
  public TaskTimeoutException(Duration timeout) {
    super("task timed out after " + timeout.toMillis() + "ms");
    this.timeout = timeout;
  }

  /** The timeout that expired, counted from the moment the task started (not from when it was queued). */
  public Duration timeout() {
    return timeout;
  }
}
