package dev.corral.async;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Configures a {@link Bagpipe}. Each setter checks its argument at once and names it in the error; the
 * builder is not thread-safe, the pipe it builds is.
 */
public final class BagpipeBuilder {
  String name = "bagpipe";
  int limit;
  boolean disabled;
  boolean refuse;
  double ratio = 1;
  int queueLimit = -1;
  int fullThreshold = 1;
  Duration timeout;
  Ordering ordering = Ordering.FIFO;
  Executor executor = Thread::startVirtualThread;
  Scheduler scheduler = Scheduler.system();
  BagpipeListener listener = Bagpipe.NO_LISTENER;

  BagpipeBuilder(int limit) {
    this.limit = checkLimit(limit);
  }

  static int checkLimit(int limit) {
    if (limit < 1 || limit > Bagpipe.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit: " + limit + " (expected: 1.." + Bagpipe.MAX_LIMIT + "; use disabled(true) to bypass the limit)");
    }
    return limit;
  }

  /** The name used in errors and {@link Bagpipe#toString()}; default {@code "bagpipe"}. */
  public BagpipeBuilder name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /** Start every task at once and count nothing (bagpipe's {@code disabled}); default false. */
  public BagpipeBuilder disabled(boolean disabled) {
    this.disabled = disabled;
    return this;
  }

  /**
   * Refuse tasks once the backlog is full (bagpipe's {@code refuse}); default false, which leaves the backlog
   * unbounded. The backlog bound is {@link #queueLimit(int)} if set, else {@code round(limit × ratio)}.
   */
  public BagpipeBuilder refuse(boolean refuse) {
    this.refuse = refuse;
    return this;
  }

  /** The backlog bound as a multiple of the limit, bagpipe's {@code ratio}; default 1. */
  public BagpipeBuilder ratio(double ratio) {
    if (!(ratio > 0) || Double.isInfinite(ratio)) {
      throw new IllegalArgumentException("ratio: " + ratio + " (expected: a finite number > 0)");
    }
    this.ratio = ratio;
    return this;
  }

  /** The most tasks that may wait; setting it turns refuse mode on. */
  public BagpipeBuilder queueLimit(int queueLimit) {
    if (queueLimit < 0) {
      throw new IllegalArgumentException("queueLimit: " + queueLimit + " (expected: >= 0)");
    }
    this.queueLimit = queueLimit;
    this.refuse = true;
    return this;
  }

  /** {@link BagpipeListener#onFull} fires when more than this many tasks wait; default 1, as bagpipe. */
  public BagpipeBuilder fullThreshold(int fullThreshold) {
    if (fullThreshold < 0) {
      throw new IllegalArgumentException("fullThreshold: " + fullThreshold + " (expected: >= 0)");
    }
    this.fullThreshold = fullThreshold;
    return this;
  }

  /** A per-task timeout counted from the task's start; default none. */
  public BagpipeBuilder timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
    this.timeout = timeout;
    return this;
  }

  /** The order in which waiting tasks start; default {@link Ordering#FIFO}. */
  public BagpipeBuilder ordering(Ordering ordering) {
    this.ordering = Objects.requireNonNull(ordering, "ordering");
    return this;
  }

  /** Where blocking ({@link Callable}) tasks run; default a new virtual thread per task. */
  public BagpipeBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** What times the timeouts; default {@link Scheduler#system()}. Tests pass a manual one. */
  public BagpipeBuilder scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /** Receives the pipe's events; default none. */
  public BagpipeBuilder listener(BagpipeListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  int effectiveQueueLimit() {
    if (!refuse) {
      return Integer.MAX_VALUE;
    }
    if (queueLimit >= 0) {
      return queueLimit;
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.round(limit * ratio));
  }

  public Bagpipe build() {
    return new Bagpipe(this);
  }
}
