package dev.corral.async.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A million pending tasks must not cost more than about 200 bytes each. The layout (see {@link Job}) is about 40
 * bytes per FIFO task and 56 per priority task; the bound is generous because heap measurement after
 * {@code System.gc()} is approximate.
 */
@Timeout(60) // a hung future fails the test instead of the build
class QueueMemoryTest {
  private static final int TASKS = 1_000_000;
  private static final long BYTES_PER_TASK_BOUND = 200;
  private static final Object TASK = new Object(); // one shared task object: we measure the queue, not the tasks

  @Test
  void aMillionWaitingTasksUseLessThan200BytesEach() {
    TaskQueue<Object, Object> q = Async.queue(task -> new CompletableFuture<>(), 1);
    q.pause();
    long before = usedHeapAfterGc();

    for (int i = 0; i < TASKS; i++) {
      q.push(TASK);
    }
    long after = usedHeapAfterGc();

    assertThat(q.length()).isEqualTo(TASKS);
    assertThat((after - before) / TASKS).isLessThan(BYTES_PER_TASK_BOUND);
    q.kill();
  }

  @Test
  void aMillionWaitingPriorityTasksUseLessThan200BytesEach() {
    PriorityTaskQueue<Object, Object> q = Async.priorityQueue(task -> new CompletableFuture<>(), 1);
    q.pause();
    long before = usedHeapAfterGc();

    for (int i = 0; i < TASKS; i++) {
      q.push(TASK, i % 16);
    }
    long after = usedHeapAfterGc();

    assertThat(q.length()).isEqualTo(TASKS);
    assertThat((after - before) / TASKS).isLessThan(BYTES_PER_TASK_BOUND);
    q.kill();
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) { // a few rounds: one System.gc() may leave floating garbage behind
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
