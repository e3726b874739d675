package dev.corral.async.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.async.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many rounds on several threads, with random failures, timeouts and cancellations: never more than the limit
 * running, every task run at most once and finished exactly once, nothing left running afterwards. Rounds and waits
 * are bounded; the seed of each round is in its assertion messages.
 */
@Timeout(60) // a hung future fails the test instead of the build
class ConcurrencyStressTest {
  private static final int ROUNDS = 12;
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Counts tasks that are inside their body, and the most that ever were at once. */
  private static final class Gauge {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();

    void enter() {
      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
    }

    void exit() {
      inside.decrementAndGet();
    }
  }

  private static void work(Random random) throws InterruptedException {
    int pause = random.nextInt(4);
    if (pause == 0) {
      Thread.sleep(0, 1); // an interruptible blocking point
    } else if (pause == 1) {
      LockSupport.parkNanos(20_000);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  @Test
  void mapLimitNeverExceedsTheLimitAndLeavesNothingRunningAfterAFailure() {
    for (int round = 0; round < ROUNDS; round++) {
      long seed = 1000L + round;
      Random random = new Random(seed);
      int limit = 1 + random.nextInt(4);
      int size = 50 + random.nextInt(100);
      int failAt = random.nextBoolean() ? random.nextInt(size) : -1;
      Gauge gauge = new Gauge();
      AtomicIntegerArray runs = new AtomicIntegerArray(size);
      List<Integer> items = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        items.add(i);
      }

      CompletableFuture<List<Integer>> result =
          Async.mapLimit(
              items,
              limit,
              Task.<Integer, Integer>blocking(
                  i -> {
                    runs.incrementAndGet(i);
                    gauge.enter();
                    try {
                      work(new Random(seed * 31 + i));
                      if (i == failAt) {
                        throw new IOException("fail at " + i);
                      }
                      return i;
                    } finally {
                      gauge.exit();
                    }
                  }));

      await().atMost(WAIT).until(result::isDone);
      await("round " + seed + ": tasks still running").atMost(WAIT).until(() -> gauge.inside.get() == 0);
      assertThat(gauge.most.get()).as("round %d: most running", seed).isLessThanOrEqualTo(limit);
      for (int i = 0; i < size; i++) {
        assertThat(runs.get(i)).as("round %d: runs of %d", seed, i).isLessThanOrEqualTo(1);
      }
      if (failAt < 0) {
        assertThat(result.join()).as("round %d", seed).isEqualTo(items);
      } else {
        assertThat(result).as("round %d", seed).isCompletedExceptionally();
      }
    }
  }

  @Test
  void queuePushedFromSeveralThreadsNeverExceedsItsConcurrencyAndSettlesEveryTaskOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      long seed = 2000L + round;
      int concurrency = 1 + new Random(seed).nextInt(3);
      int pushers = 3;
      int perPusher = 150;
      Gauge gauge = new Gauge();
      ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
      AtomicInteger settled = new AtomicInteger();
      TaskQueue<Integer, Integer> q =
          Async.queue(
              Task.<Integer, Integer>blocking(
                  task -> {
                    runs.computeIfAbsent(task, key -> new AtomicInteger()).incrementAndGet();
                    gauge.enter();
                    try {
                      work(new Random(seed * 17 + task));
                      if (task % 7 == 0) {
                        throw new IOException("task " + task);
                      }
                      return task;
                    } finally {
                      gauge.exit();
                    }
                  }),
              concurrency);
      List<CompletableFuture<Integer>> all = new CopyOnWriteArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < pushers; p++) {
        int pusher = p;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      Random random = new Random(seed * 13 + pusher);
                      awaitQuietly(go);
                      for (int i = 0; i < perPusher; i++) {
                        CompletableFuture<Integer> future = q.push(pusher * perPusher + i);
                        future.whenComplete((v, e) -> settled.incrementAndGet());
                        all.add(future);
                        if (random.nextInt(10) == 0) {
                          future.cancel(true);
                        }
                      }
                    }));
      }
      go.countDown();
      for (Thread thread : threads) {
        thread.join(WAIT.toMillis());
      }

      await("round " + seed + ": queue idle").atMost(WAIT).until(q::idle);
      await("round " + seed + ": workers finished").atMost(WAIT).until(() -> gauge.inside.get() == 0);
      assertThat(all).hasSize(pushers * perPusher).allMatch(CompletableFuture::isDone);
      assertThat(settled.get()).as("round %d: settled", seed).isEqualTo(pushers * perPusher);
      assertThat(gauge.most.get()).as("round %d: most running", seed).isLessThanOrEqualTo(concurrency);
      assertThat(runs.values()).allMatch(count -> count.get() == 1);
      assertThat(q.running()).isZero();
      assertThat(q.length()).isZero();
    }
  }

  @Test
  void timeoutsAndCancellationsLeaveNothingRunning() {
    for (int round = 0; round < ROUNDS; round++) {
      long seed = 3000L + round;
      Random random = new Random(seed);
      int limit = 1 + random.nextInt(4);
      Gauge gauge = new Gauge();
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int index = i;
        boolean hangs = random.nextInt(8) == 0;
        Task<Integer> body =
            Task.blocking(
                () -> {
                  gauge.enter();
                  try {
                    if (hangs) {
                      Thread.sleep(Duration.ofMinutes(5)); // only a timeout or a cancel ends this
                    }
                    return index;
                  } finally {
                    gauge.exit();
                  }
                });
        tasks.add(() -> Async.timeout(body, Duration.ofMillis(5), Scheduler.system()));
      }

      CompletableFuture<List<Integer>> result =
          Async.settledLimit(tasks, limit).thenApply(outcomes -> List.of(outcomes.size()));
      CompletableFuture<List<Integer>> failFast = Async.parallelLimit(tasks, limit);
      if (random.nextBoolean()) {
        failFast.cancel(true);
      }

      await().atMost(WAIT).until(() -> result.isDone() && failFast.isDone());
      await("round " + seed + ": tasks still running").atMost(WAIT).until(() -> gauge.inside.get() == 0);
      assertThat(result.join()).containsExactly(60);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new CompletionException(new IllegalStateException("start signal never came"));
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new CompletionException(interrupted);
    }
  }
}
