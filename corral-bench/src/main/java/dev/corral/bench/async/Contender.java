package dev.corral.bench.async;

import dev.corral.async.Bagpipe;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One way of running N tasks with at most {@code limit} in flight. Each run submits every task from the calling
 * thread, then waits until all have completed.
 */
interface Contender {
  String name();

  void run(int tasks, int limit, Supplier<CompletableFuture<Void>> task) throws InterruptedException;

  /** Counts completions and opens when all have arrived. */
  final class Completion {
    private final AtomicInteger remaining;
    private final CountDownLatch all = new CountDownLatch(1);

    Completion(int tasks) {
      remaining = new AtomicInteger(tasks);
    }

    void one() {
      if (remaining.decrementAndGet() == 0) {
        all.countDown();
      }
    }

    void await() throws InterruptedException {
      all.await();
    }
  }

  /** Corral's Bagpipe with an async task ({@code submit}): non-blocking, the submitter never waits. */
  static Contender bagpipeSubmit() {
    return new Contender() {
      @Override
      public String name() {
        return "Corral Bagpipe.submit";
      }

      @Override
      public void run(int tasks, int limit, Supplier<CompletableFuture<Void>> task) throws InterruptedException {
        Bagpipe pipe = Bagpipe.of(limit);
        Completion completion = new Completion(tasks);
        for (int i = 0; i < tasks; i++) {
          pipe.submit(task).whenComplete((v, e) -> completion.one());
        }
        completion.await();
      }
    };
  }

  /** Corral's Bagpipe with blocking code ({@code call}): each task on its own virtual thread, joining the work. */
  static Contender bagpipeCall() {
    return new Contender() {
      @Override
      public String name() {
        return "Corral Bagpipe.call (virtual threads)";
      }

      @Override
      public void run(int tasks, int limit, Supplier<CompletableFuture<Void>> task) throws InterruptedException {
        Bagpipe pipe = Bagpipe.of(limit);
        Completion completion = new Completion(tasks);
        for (int i = 0; i < tasks; i++) {
          pipe.call(() -> task.get().join()).whenComplete((v, e) -> completion.one());
        }
        completion.await();
      }
    };
  }

  /** The plain JDK baseline: acquire a Semaphore permit, start the task, release on its completion. */
  static Contender semaphore() {
    return new Contender() {
      @Override
      public String name() {
        return "java.util.concurrent.Semaphore";
      }

      @Override
      public void run(int tasks, int limit, Supplier<CompletableFuture<Void>> task) throws InterruptedException {
        Semaphore permits = new Semaphore(limit);
        Completion completion = new Completion(tasks);
        for (int i = 0; i < tasks; i++) {
          permits.acquire();
          task.get().whenComplete((v, e) -> {
            permits.release();
            completion.one();
          });
        }
        completion.await();
      }
    };
  }

  /** Resilience4j's SemaphoreBulkhead, waiting for a permit (as a bounded-concurrency runner must). */
  static Contender resilience4jBulkhead() {
    return new Contender() {
      @Override
      public String name() {
        return "Resilience4j SemaphoreBulkhead";
      }

      @Override
      public void run(int tasks, int limit, Supplier<CompletableFuture<Void>> task) throws InterruptedException {
        Bulkhead bulkhead = Bulkhead.of("bench", BulkheadConfig.custom()
            .maxConcurrentCalls(limit)
            .maxWaitDuration(Duration.ofHours(1))
            .build());
        Completion completion = new Completion(tasks);
        for (int i = 0; i < tasks; i++) {
          bulkhead.acquirePermission();
          task.get().whenComplete((v, e) -> {
            bulkhead.onComplete();
            completion.one();
          });
        }
        completion.await();
      }
    };
  }
}
