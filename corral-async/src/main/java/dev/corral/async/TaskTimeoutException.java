package dev.corral.async;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A task ran longer than its timeout. By the time a caller sees this, the task's slot has been freed and the task
 * has been cancelled (its virtual thread interrupted, or its {@code CompletionStage} cancelled).
 */
public final class TaskTimeoutException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  TaskTimeoutException(Duration timeout) {
    super(timeout.toMillis() + "ms timeout");
    this.timeout = timeout;
  }

  /** The timeout that expired, counted from the moment the task started (not from when it was queued). */
  public Duration timeout() {
    return timeout;
  }
}
