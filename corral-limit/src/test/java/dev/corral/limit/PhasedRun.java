package dev.corral.limit;

import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * Drives a limiter from several threads on a fake clock in phases: in each phase the clock stands still and every
 * thread makes a random number of {@code tryAcquire(n)} calls; between phases the clock moves by a random step.
 * Records per phase the time, the permits admitted and the calls made.
 */
final class PhasedRun {

  final long[] times;
  final long[] admitted;   // permits
  final long[] calls;
  final long[] demandPermits;

  private PhasedRun(int phases) {
    times = new long[phases];
    admitted = new long[phases];
    calls = new long[phases];
    demandPermits = new long[phases];
  }

  /**
   * @param tryAcquire the call under test: permits -> admitted?
   * @param stepNanos  random step between phases, from the driver's random
   */
  static PhasedRun run(FakeTicker clock, LongPredicate tryAcquire, int threads, int phases, long seed,
             int maxPermits, int maxCallsPerPhase, LongFunction<Long> stepNanos) {
    PhasedRun r = new PhasedRun(phases);
    AtomicLongArray admitted = new AtomicLongArray(phases);
    AtomicLongArray calls = new AtomicLongArray(phases);
    AtomicLongArray demand = new AtomicLongArray(phases);
    Random driver = new Random(seed);
    int[] phase = {0};
    r.times[0] = clock.read();
    CyclicBarrier barrier = new CyclicBarrier(threads, () -> {
      int next = ++phase[0];
      if (next < phases) {
        clock.advance(stepNanos.apply(driver.nextLong()));
        r.times[next] = clock.read();
      }
    });
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      Random rnd = new Random(seed * 31 + t);
      ts[t] = new Thread(() -> {
        try {
          for (int p = 0; p < phases; p++) {
            int n = rnd.nextInt(maxCallsPerPhase + 1);
            for (int i = 0; i < n; i++) {
              long permits = 1 + rnd.nextInt(maxPermits);
              calls.incrementAndGet(p);
              demand.addAndGet(p, permits);
              if (tryAcquire.test(permits)) {
                admitted.addAndGet(p, permits);
              }
            }
            barrier.await();
          }
        } catch (InterruptedException | BrokenBarrierException e) {
          failure.compareAndSet(null, e);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          barrier.reset();
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    for (int p = 0; p < phases; p++) {
      r.admitted[p] = admitted.get(p);
      r.calls[p] = calls.get(p);
      r.demandPermits[p] = demand.get(p);
    }
    return r;
  }

  /** Largest total admitted over phases whose times lie in a span for which {@code allowed(a, b)} is the cap. */
  void assertEveryInterval(SpanBound bound) {
    int n = times.length;
    long[] prefix = new long[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + admitted[i];
    }
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        long cap = bound.max(times[i], times[j]);
        if (cap == Long.MAX_VALUE) {
          break;
        }
        long got = prefix[j + 1] - prefix[i];
        if (got > cap) {
          throw new AssertionError("admitted " + got + " > " + cap + " in [" + times[i] + ", " + times[j]
              + "] (phases " + i + ".." + j + ")");
        }
      }
    }
  }

  long total() {
    long s = 0;
    for (long a : admitted) {
      s += a;
    }
    return s;
  }

  @FunctionalInterface
  interface LongPredicate {
    boolean test(long permits);
  }

  /** The most permits an algorithm may admit at instants in [a, b]; Long.MAX_VALUE = no bound from here on. */
  @FunctionalInterface
  interface SpanBound {
    long max(long a, long b);
  }
}
