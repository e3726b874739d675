package dev.corral.async;

/** The order in which a {@link Bagpipe} starts the tasks waiting in its queue. */
public enum Ordering {
  /** First in, first out: the oldest waiting task starts first (bagpipe's and async.js's order). */
  FIFO,
  /** Last in, first out: the newest waiting task starts first; under overload this keeps latency low for fresh work. */
  LIFO,
  /**
   * Lowest priority number first (async.js {@code priorityQueue}); tasks of equal priority start in FIFO order.
   * Tasks submitted without a priority get priority 0.
   */
  PRIORITY
}
