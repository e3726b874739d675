package dev.corral.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Many threads submit a random mix of tasks — immediate, failing, completing on another thread, blocking on a
 * virtual thread, hanging until a timeout, cancelled by their caller — and the pipe's invariants must hold: never
 * more than {@code limit} running, every task finishing exactly once, no slot or backlog place leaked.
 */
class BagpipeStressTest {
  private static final int SUBMITTERS = 4;
  private static final int TASKS_PER_SUBMITTER = 1000;

  @RepeatedTest(6)
  void invariantsHoldUnderConcurrentMixedLoad(RepetitionInfo repetition) throws Exception {
    long seed = 42L * repetition.getCurrentRepetition();
    int limit = 1 + repetition.getCurrentRepetition() % 4 * 3;
    Ordering ordering = Ordering.values()[repetition.getCurrentRepetition() % Ordering.values().length];
    // Odd rounds time tasks out after 5 ms. A task's code that is running when its timeout fires (a supplier
    // mid-call, a thread about to see its interrupt) can still be finishing as the next task starts, so in those
    // rounds the strict bound is the pipe's own slot count; even rounds also bound the tasks' observed overlap.
    boolean timeouts = repetition.getCurrentRepetition() % 2 == 1;
    BagpipeBuilder builder = Bagpipe.builder(limit)
        .ordering(ordering)
        .queueLimit(timeouts ? Integer.MAX_VALUE : 200);
    if (timeouts) {
      builder.timeout(Duration.ofMillis(5));
    }
    Bagpipe pipe = builder.build();
    AtomicInteger slotViolations = new AtomicInteger();
    ExecutorService completer = Executors.newFixedThreadPool(2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    int total = SUBMITTERS * TASKS_PER_SUBMITTER;
    AtomicIntegerArray runs = new AtomicIntegerArray(total);
    List<CompletableFuture<Integer>> futures = java.util.Collections.synchronizedList(new ArrayList<>());

    try (ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS)) {
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < SUBMITTERS; s++) {
        int submitter = s;
        done.add(submitters.submit(() -> {
          Random random = new Random(seed + submitter);
          for (int i = 0; i < TASKS_PER_SUBMITTER; i++) {
            int id = submitter * TASKS_PER_SUBMITTER + i;
            int kind = random.nextInt(10);
            CompletableFuture<Integer> future = switch (kind) {
              case 0, 7 -> pipe.submit(() -> {
                enter(pipe, slotViolations, running, highest, runs, id);
                running.decrementAndGet();
                return CompletableFuture.completedFuture(id);
              });
              case 1 -> pipe.submit(() -> {
                enter(pipe, slotViolations, running, highest, runs, id);
                running.decrementAndGet();
                throw new IllegalStateException("task " + id);
              });
              case 2, 3 -> pipe.submit(() -> {
                enter(pipe, slotViolations, running, highest, runs, id);
                // If the pipe times it out first, the cancelled stage counts as left, as the slot is then free.
                java.util.concurrent.atomic.AtomicBoolean left = new java.util.concurrent.atomic.AtomicBoolean();
                Runnable leave = () -> {
                  if (left.compareAndSet(false, true)) {
                    running.decrementAndGet();
                  }
                };
                CompletableFuture<Integer> stage = CompletableFuture.supplyAsync(() -> {
                  leave.run(); // before completing: the pipe's own callback may run first and free the slot
                  return id;
                }, completer);
                stage.whenComplete((v, e) -> leave.run());
                return stage;
              });
              case 4, 5, 6 -> pipe.call(() -> {
                enter(pipe, slotViolations, running, highest, runs, id);
                running.decrementAndGet();
                return id;
              });
              default -> pipe.submit(() -> {
                enter(pipe, slotViolations, running, highest, runs, id);
                CompletableFuture<Integer> hang = new CompletableFuture<>();
                hang.whenComplete((v, e) -> running.decrementAndGet()); // runs when the pipe cancels it
                return hang;
              });
            };
            if (kind == 9 || (kind == 8 && !timeouts)) {
              future.cancel(true);
            }
            futures.add(future);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> futures.stream().allMatch(CompletableFuture::isDone));
      await().atMost(Duration.ofSeconds(10)).until(() -> pipe.active() == 0);
    } finally {
      completer.shutdown();
    }

    assertThat(slotViolations.get()).isZero();
    if (!timeouts) {
      assertThat(highest.get()).isLessThanOrEqualTo(limit);
    }
    for (int id = 0; id < total; id++) {
      assertThat(runs.get(id)).as("runs of task %d", id).isLessThanOrEqualTo(1);
    }
    Bagpipe.Stats stats = pipe.stats();
    assertThat(stats.active()).isZero();
    assertThat(stats.queued()).isZero();
    assertThat(stats.succeeded() + stats.failed() + stats.rejected() + stats.cancelled()).isEqualTo(total);
    long ran = 0;
    for (int id = 0; id < total; id++) {
      ran += runs.get(id);
    }
    assertThat(ran).isEqualTo(total - stats.rejected() - cancelledBeforeStart(futures, runs));
  }

  private static void enter(
      Bagpipe pipe, AtomicInteger slotViolations, AtomicInteger running, AtomicInteger highest,
      AtomicIntegerArray runs, int id) {
    highest.accumulateAndGet(running.incrementAndGet(), Math::max);
    runs.incrementAndGet(id);
    if (pipe.active() > pipe.limit()) {
      slotViolations.incrementAndGet();
    }
  }

  /** Cancelled futures whose task never ran (they were still waiting when cancelled). */
  private static long cancelledBeforeStart(List<CompletableFuture<Integer>> futures, AtomicIntegerArray runs) {
    // Futures are added in submission order per submitter, not by id; count by the runs array instead.
    long neverRan = 0;
    for (int id = 0; id < runs.length(); id++) {
      if (runs.get(id) == 0) {
        neverRan++;
      }
    }
    long rejected = futures.stream()
        .filter(CompletableFuture::isCompletedExceptionally)
        .filter(f -> !f.isCancelled())
        .filter(f -> f.exceptionNow() instanceof TaskRejectedException)
        .count();
    return neverRan - rejected;
  }
}
