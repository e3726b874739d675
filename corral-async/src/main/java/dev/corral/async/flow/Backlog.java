package dev.corral.async.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * The waiting tasks of a queue: FIFO with push-to-front, or a stable priority heap. Not thread-safe: only the
 * queue's {@link SerialLoop} touches it.
 */
interface Backlog<T, R> {
  void add(Job<T, R> job, boolean atFront);

  /** The next job to hand to a worker, or null if none waits. */
  Job<T, R> poll();

  int size();

  /** Removes the jobs whose data matches {@code test}; returns them. */
  List<Job<T, R>> removeIf(Predicate<? super T> test);

  /** Removes every job; returns them. */
  List<Job<T, R>> clear();

  /** Backed by an {@link ArrayDeque}: one 4-byte slot (8 with growth slack) per waiting job. */
  final class Fifo<T, R> implements Backlog<T, R> {
    private final ArrayDeque<Job<T, R>> jobs = new ArrayDeque<>();

    @Override
    public void add(Job<T, R> job, boolean atFront) {
      if (atFront) {
        jobs.addFirst(job);
      } else {
        jobs.addLast(job);
      }
    }

    @Override
    public Job<T, R> poll() {
      return jobs.pollFirst();
    }

    @Override
    public int size() {
      return jobs.size();
    }

    @Override
    public List<Job<T, R>> removeIf(Predicate<? super T> test) {
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

    @Override
    public List<Job<T, R>> clear() {
      List<Job<T, R>> all = new ArrayList<>(jobs);
      jobs.clear();
      return all;
    }
  }

  /** Backed by a {@link PriorityQueue} ordered by {@link PriorityJob#ORDER}; {@code atFront} is not supported. */
  final class ByPriority<T, R> implements Backlog<T, R> {
    private final PriorityQueue<Job<T, R>> jobs =
        new PriorityQueue<>((a, b) -> PriorityJob.ORDER.compare((PriorityJob<?, ?>) a, (PriorityJob<?, ?>) b));

    @Override
    public void add(Job<T, R> job, boolean atFront) {
      jobs.add(job);
    }

    @Override
    public Job<T, R> poll() {
      return jobs.poll();
    }

    @Override
    public int size() {
      return jobs.size();
    }

    @Override
    public List<Job<T, R>> removeIf(Predicate<? super T> test) {
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

    @Override
    public List<Job<T, R>> clear() {
      List<Job<T, R>> all = new ArrayList<>(jobs);
      jobs.clear();
      return all;
    }
  }
}
