package dev.corral.async.flow;

import java.util.Comparator;

/** A {@link Job} of a {@link PriorityTaskQueue}: lower priority first, then push order (the heap is stable). */
final class PriorityJob<T, R> extends Job<T, R> {
  static final Comparator<PriorityJob<?, ?>> ORDER =
      Comparator.<PriorityJob<?, ?>>comparingInt(job -> job.priority).thenComparingLong(job -> job.sequence);

  final int priority;
  final long sequence;

  PriorityJob(T data, int priority, long sequence) {
    super(data);
    this.priority = priority;
    this.sequence = sequence;
  }
}
