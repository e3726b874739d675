package dev.corral.async;

/**
 * Receives a {@link Bagpipe}'s events. Every method has an empty default, so implement only what you need.
 *
 * <p>Events are delivered synchronously on the thread that caused them (a submitting thread, or the thread that
 * completed a task), after the state change they report. Under concurrent use they are a best-effort signal: two
 * threads may report overlapping events, and the counts passed in may already be stale when read. A listener
 * must be quick and must not throw; an exception it throws is caught and dropped so the pipe keeps its
 * accounting intact.
 */
public interface BagpipeListener {

  /**
   * The backlog grew past the pipe's {@code fullThreshold} (default 1, as bagpipe's {@code full} event: it fires
   * on every submission that finds more than one task waiting), including a submission that was then refused.
   *
   * @param queued the number of waiting tasks seen after the submission
   */
  default void onFull(int queued) {}

  /** A task started and the number running reached the limit. */
  default void onSaturated() {}

  /**
   * A task finished and the number running dropped to {@code limit - buffer} or below, where buffer is
   * {@code limit / 4} (async.js's {@code unsaturated}).
   */
  default void onUnsaturated() {}

  /** The last waiting task was handed to a worker: the queue is empty, though tasks may still be running. */
  default void onEmpty() {}

  /**
   * A task that had waited in the queue got a slot and is about to start. Tasks that start at once, without
   * waiting, are not reported. Called only when the pipe has a listener, so a pipe without one reads no clock.
   *
   * @param waitedNanos how long it waited, from its submission to now, on the pipe's {@link Scheduler#nanoTime()}
   */
  default void onDequeued(long waitedNanos) {}

  /** A task finished and nothing is running or waiting. */
  default void onDrain() {}

  /** A task failed (threw, completed exceptionally, or timed out); the caller's future has the same error. */
  default void onError(Throwable error) {}
}
