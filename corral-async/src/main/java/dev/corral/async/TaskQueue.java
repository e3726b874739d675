package dev.corral.async;

import java.util.Comparator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.PriorityBlockingQueue;

/**
 * The waiting room of a {@link Bagpipe}: a thread-safe queue of tasks in the pipe's {@link Ordering}. Only
 * {@code offer} and {@code poll} are needed; counting is done by the pipe, since these queues' sizes are O(n).
 */
interface TaskQueue {
  void offer(BagpipeTask<?> task);

  /** The next task to start, or {@code null} if none is waiting. */
  BagpipeTask<?> poll();

  boolean isEmpty();

  static TaskQueue create(Ordering ordering) {
    return switch (ordering) {
      case FIFO -> new Fifo();
      case LIFO -> new Lifo();
      case PRIORITY -> new Priority();
    };
  }

  /** Lock-free; one 24-byte node per waiting task. */
  final class Fifo implements TaskQueue {
    private final ConcurrentLinkedQueue<BagpipeTask<?>> queue = new ConcurrentLinkedQueue<>();

    @Override
    public void offer(BagpipeTask<?> task) {
      queue.offer(task);
    }

    @Override
    public BagpipeTask<?> poll() {
      return queue.poll();
    }

    @Override
    public boolean isEmpty() {
      return queue.isEmpty();
    }
  }

  /** Lock-free; one node per waiting task. */
  final class Lifo implements TaskQueue {
    private final ConcurrentLinkedDeque<BagpipeTask<?>> deque = new ConcurrentLinkedDeque<>();

    @Override
    public void offer(BagpipeTask<?> task) {
      deque.offerFirst(task);
    }

    @Override
    public BagpipeTask<?> poll() {
      return deque.pollFirst();
    }

    @Override
    public boolean isEmpty() {
      return deque.isEmpty();
    }
  }

  /** A binary heap under one lock; ties broken by submission order so equal priorities stay FIFO. */
  final class Priority implements TaskQueue {
    private static final Comparator<BagpipeTask<?>> ORDER =
        Comparator.<BagpipeTask<?>>comparingInt(task -> task.priority).thenComparingLong(task -> task.sequence);

    private final PriorityBlockingQueue<BagpipeTask<?>> heap = new PriorityBlockingQueue<>(16, ORDER);

    @Override
    public void offer(BagpipeTask<?> task) {
      heap.offer(task);
    }

    @Override
    public BagpipeTask<?> poll() {
      return heap.poll();
    }

    @Override
    public boolean isEmpty() {
      return heap.isEmpty();
    }
  }
}
