package dev.corral.async.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Memoize calls the function once per key, whatever the interleaving of many threads calling at once. */
class MemoizePropertiesTest {

  @Property(tries = 50)
  void concurrentCallersGetTheOneResultOfOneCallPerKey(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 9) Integer> keys,
      @ForAll boolean completeOnAnotherThread)
      throws InterruptedException {
    Map<Integer, AtomicInteger> callsByKey = new ConcurrentHashMap<>();
    Memoized<Integer, String> memo =
        Async.memoize(
            key -> {
              callsByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
              return completeOnAnotherThread
                  ? CompletableFuture.supplyAsync(() -> "v" + key, VirtualThreads.EXECUTOR)
                  : CompletableFuture.completedFuture("v" + key);
            });

    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<String>> results = new ArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (int key : keys) {
      CompletableFuture<String> result = new CompletableFuture<>();
      results.add(result);
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      go.await();
                      memo.apply(key).whenComplete((v, e) -> result.complete(v));
                    } catch (InterruptedException e) {
                      result.completeExceptionally(e);
                    }
                  }));
    }
    go.countDown();
    for (Thread caller : callers) {
      caller.join();
    }

    for (int i = 0; i < keys.size(); i++) {
      assertThat(results.get(i).join()).isEqualTo("v" + keys.get(i));
    }
    assertThat(callsByKey.keySet()).containsExactlyInAnyOrderElementsOf(new HashSet<>(keys));
    assertThat(callsByKey.values()).allSatisfy(calls -> assertThat(calls.get()).isEqualTo(1));
  }
}
