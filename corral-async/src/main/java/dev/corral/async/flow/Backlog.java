package dev.corral.async.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.function.Predicate;

/**
 * The waiting tasks of a queue: FIFO with push-to-front ({@link #fifo()}), or a stable priority heap
 * ({@link #byPriority()}). Not thread-safe: only the queue's {@link SerialLoop} touches it.
 */
abstract class Backlog<T, R> {
  final Queue<Job<T, R>> jobs;

  private Backlog(Queue<Job<T, R>> jobs) {
    this.jobs = jobs;
  }

  /** Backed by an {@link ArrayDeque}: one 4-byte slot (8 with growth slack) per waiting job. */
  static <T, R> Backlog<T, R> fifo() {
    ArrayDeque<Job<T, R>> deque = new ArrayDeque<>();
    return new Backlog<>(deque) {
      @Override
      void add(Job<T, R> job, boolean atFront) {
        if (atFront) {
          deque.addFirst(job);
        } else {
          deque.addLast(job);
        }
      }
    };
  }

  /** Backed by a binary heap ordered by {@link PriorityJob#ORDER}; {@code atFront} is ignored. */
  static <T, R> Backlog<T, R> byPriority() {
    return new Backlog<>(
        new PriorityQueue<Job<T, R>>(
            (a, b) -> PriorityJob.ORDER.compare((PriorityJob<?, ?>) a, (PriorityJob<?, ?>) b))) {
      @Override
      void add(Job<T, R> job, boolean atFront) {
        jobs.add(job);
      }
    };
  }

  abstract void add(Job<T, R> job, boolean atFront);

  /** The next job to hand to a worker, or null if none waits. */
  final Job<T, R> poll() {
    return jobs.poll();
  }

  final int size() {
    return jobs.size();
  }

  /** Removes the jobs whose data matches {@code test}; returns them. */
  final List<Job<T, R>> removeIf(Predicate<? super T> test) {
    List<Job<T, R>> removed = new ArrayList<>();
    jobs.removeIf(
        job -> {
          boolean match = test.test(job.data);
          if (match) {
            removed.add(job);
          }
          return match;
        });
    return removed;
  }

  /** Removes every job; returns them. */
  final List<Job<T, R>> clear() {
    List<Job<T, R>> all = new ArrayList<>(jobs);
    jobs.clear();
    return all;
  }
}
