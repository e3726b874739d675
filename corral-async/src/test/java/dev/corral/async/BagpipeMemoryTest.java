package dev.corral.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A million waiting tasks must fit in about 200 bytes each (task + future + queue node). */
class BagpipeMemoryTest {
  private static final int TASKS = 1_000_000;
  private static final Supplier<CompletionStage<String>> SHARED_TASK =
      () -> CompletableFuture.completedFuture("done");

  @Test
  void millionWaitingTasksNeedAtMost200BytesEach() {
    Bagpipe pipe = Bagpipe.of(1);
    CompletableFuture<String> blocker = new CompletableFuture<>();
    pipe.submit(() -> blocker);
    long before = usedHeapAfterGc();

    List<CompletableFuture<String>> futures = new ArrayList<>(TASKS); // the caller's own list, counted too
    for (int i = 0; i < TASKS; i++) {
      futures.add(pipe.submit(SHARED_TASK));
    }
    long after = usedHeapAfterGc();
    long bytesPerTask = (after - before) / TASKS;
    System.out.printf("%d waiting tasks: %d bytes each%n", TASKS, bytesPerTask);

    assertThat(pipe.queued()).isEqualTo(TASKS);
    assertThat(bytesPerTask).as("bytes per waiting task").isLessThanOrEqualTo(200);

    blocker.complete("go"); // the whole backlog drains without recursion
    assertThat(futures.get(TASKS - 1)).isCompletedWithValue("done");
    assertThat(pipe.queued()).isZero();
    assertThat(pipe.active()).isZero();
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
