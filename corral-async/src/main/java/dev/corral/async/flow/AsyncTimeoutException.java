package dev.corral.async.flow;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A task wrapped by {@link Async#timeout} ran longer than its time limit. By the time a caller sees this the task
 * has been cancelled (its virtual thread interrupted, or its future cancelled).
 */
public final class AsyncTimeoutException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  AsyncTimeoutException(Duration timeout) {
    super("task timed out after " + timeout.toMillis() + "ms");
    this.timeout = timeout;
  }

  /** The time limit that expired, counted from the moment the task started. */
  public Duration timeout() {
    return timeout;
  }
}
