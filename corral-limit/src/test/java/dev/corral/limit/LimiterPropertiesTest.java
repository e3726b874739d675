package dev.corral.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Under concurrent callers (2–4 threads) and random arrivals on a fake clock:
 * no algorithm admits more than it allows in any window, and permits are neither lost nor counted twice
 * (with single-permit requests, every phase admits exactly what a single-threaded replay admits).
 */
class LimiterPropertiesTest {

  private static final int PHASES = 400;

  /** Random step: mostly small, sometimes none, sometimes a long idle. */
  private static Long step(long r, long scaleNanos) {
    Random rnd = new Random(r);
    int k = rnd.nextInt(10);
    if (k == 0) {
      return 0L;
    }
    if (k == 9) {
      return (long) (rnd.nextDouble() * scaleNanos * 5);
    }
    return (long) (rnd.nextDouble() * scaleNanos / 4);
  }

  private static PhasedRun run(FakeTicker clock, RateLimiter l, int threads, long seed, int maxPermits, long scale) {
    return PhasedRun.run(clock, l::tryAcquire, threads, PHASES, seed, maxPermits, 4, r -> step(r, scale));
  }

  // ---- bounds in every window -----------------------------------------------------------------------------------

  @Property(tries = 25)
  void tokenBucketNeverExceedsCapacityPlusRefill(@ForAll @IntRange(min = 2, max = 4) int threads,
                           @ForAll long seed,
                           @ForAll @IntRange(min = 1, max = 20) int capacity,
                           @ForAll @IntRange(min = 1, max = 50) int perSecond) {
    FakeTicker clock = new FakeTicker();
    TokenBucket b = TokenBucket.builder().greedy(capacity, perSecond, Duration.ofSeconds(1)).ticker(clock).build();
    PhasedRun r = run(clock, b, threads, seed, 3, 1_000_000_000L / perSecond * 3);
    r.assertEveryInterval((a, z) -> capacity + (z - a) * perSecond / 1_000_000_000L);
  }

  @Property(tries = 25)
  void multiBandwidthBucketRespectsEveryBandwidth(@ForAll @IntRange(min = 2, max = 4) int threads,
                          @ForAll long seed) {
    FakeTicker clock = new FakeTicker();
    TokenBucket b = TokenBucket.builder()
        .greedy(5, 7, Duration.ofSeconds(1))        // non-whole interval: general path
        .intervally(20, 20, Duration.ofSeconds(10))
        .ticker(clock).build();
    PhasedRun r = run(clock, b, threads, seed, 2, 300_000_000L);
    r.assertEveryInterval((a, z) -> Math.min(5 + ceil((z - a) * 7, 1_000_000_000L),
        20 + 20 * (1 + (z - a) / 10_000_000_000L)));
  }

  @Property(tries = 25)
  void gcraNeverExceedsBurstPlusRate(@ForAll @IntRange(min = 2, max = 4) int threads, @ForAll long seed,
                     @ForAll @IntRange(min = 0, max = 10) int burst,
                     @ForAll @IntRange(min = 1, max = 30) int perSecond) {
    FakeTicker clock = new FakeTicker();
    Gcra g = Gcra.of(perSecond, Duration.ofSeconds(1), burst, clock);
    long t = g.emissionIntervalNanos();
    PhasedRun r = run(clock, g, threads, seed, 2, t * 3);
    r.assertEveryInterval((a, z) -> burst + 1 + (z - a) / t);
  }

  @Property(tries = 25)
  void limitReqNeverExceedsBurstPlusRate(@ForAll @IntRange(min = 2, max = 4) int threads, @ForAll long seed,
                       @ForAll @IntRange(min = 0, max = 10) int burst,
                       @ForAll @IntRange(min = 1, max = 30) int perSecond,
                       @ForAll boolean perMinute) {
    FakeTicker clock = new FakeTicker();
    String spec = "rate=" + perSecond + (perMinute ? "r/m" : "r/s") + " burst=" + burst + " nodelay";
    LimitReq l = (LimitReq) LimitSpec.parse(spec).build(clock);
    long rate = l.rateMilliRequests();
    PhasedRun r = run(clock, l, threads, seed, 1, 1_000_000_000_000L / rate * 3);
    // first request free, then burst + one per 1000/rate s (integer decay only loses credit)
    r.assertEveryInterval((a, z) -> burst + 2 + ((z - a) / 1_000_000 + 1) * rate / 1_000_000);
  }

  @Property(tries = 25)
  void fixedWindowNeverExceedsLimitPerWindow(@ForAll @IntRange(min = 2, max = 4) int threads, @ForAll long seed,
                         @ForAll @IntRange(min = 1, max = 20) int limit) {
    FakeTicker clock = new FakeTicker();
    long w = 1_000_000_000L;
    long origin = clock.read();
    FixedWindow f = FixedWindow.of(limit, Duration.ofNanos(w), clock);
    PhasedRun r = run(clock, f, threads, seed, 3, w / 2);
    r.assertEveryInterval((a, z) -> limit * (Math.floorDiv(z - origin, w) - Math.floorDiv(a - origin, w) + 1));
  }

  @Property(tries = 25)
  void slidingCounterNeverExceedsLimitPerWindowNorTwiceInAnySlidingWindow(
      @ForAll @IntRange(min = 2, max = 4) int threads, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 20) int limit) {
    FakeTicker clock = new FakeTicker();
    long w = 1_000_000_000L;
    long origin = clock.read();
    SlidingWindowCounter s = SlidingWindowCounter.of(limit, Duration.ofNanos(w), clock);
    PhasedRun r = run(clock, s, threads, seed, 3, w / 2);
    r.assertEveryInterval((a, z) -> Math.floorDiv(z - origin, w) == Math.floorDiv(a - origin, w) ? limit
        : z - a < w ? 2L * limit : Long.MAX_VALUE);
  }

  @Property(tries = 25)
  void slidingLogNeverExceedsLimitInAnySlidingWindow(@ForAll @IntRange(min = 2, max = 4) int threads,
                             @ForAll long seed,
                             @ForAll @IntRange(min = 1, max = 20) int limit) {
    FakeTicker clock = new FakeTicker();
    long w = 1_000_000_000L;
    SlidingWindowLog s = SlidingWindowLog.of(limit, Duration.ofNanos(w), clock);
    PhasedRun r = run(clock, s, threads, seed, 3, w / 2);
    r.assertEveryInterval((a, z) -> z - a < w ? limit : Long.MAX_VALUE);
  }

  // ---- nothing lost, nothing counted twice -----------------------------------------------------------------------

  @Property(tries = 20)
  void concurrentSinglePermitRunsMatchASequentialReplay(@ForAll @IntRange(min = 2, max = 4) int threads,
                              @ForAll long seed,
                              @ForAll @IntRange(min = 0, max = 6) int which) {
    String[] specs = {
      "algorithm=token_bucket rate=7r/s capacity=5",
      "algorithm=token_bucket rate=10r/s capacity=3 refill=interval",
      "algorithm=gcra rate=10r/s burst=4",
      "rate=10r/s burst=5 nodelay",
      "algorithm=fixed_window rate=8r/s",
      "algorithm=sliding_window rate=8r/s",
      "algorithm=sliding_log rate=8r/s",
    };
    LimitSpec spec = LimitSpec.parse(specs[which]);
    FakeTicker clock = new FakeTicker();
    LocalRateLimiter l = spec.build(clock);
    PhasedRun r = PhasedRun.run(clock, l::tryAcquire, threads, PHASES, seed, 1, 4, x -> step(x, 300_000_000L));

    FakeTicker replayClock = new FakeTicker();
    LocalRateLimiter replay = spec.build(replayClock);
    for (int p = 0; p < PHASES; p++) {
      replayClock.set(r.times[p]);
      long ok = 0;
      for (long i = 0; i < r.calls[p]; i++) {
        if (replay.tryAcquire()) {
          ok++;
        }
      }
      assertThat(r.admitted[p]).as("%s phase %d", spec, p).isEqualTo(ok);
    }
  }

  @Property(tries = 15)
  void keyedLimiterKeepsKeysIndependent(@ForAll @IntRange(min = 2, max = 4) int threads, @ForAll long seed) {
    FakeTicker clock = new FakeTicker();
    LocalKeyedRateLimiter<Integer> keyed = LocalKeyedRateLimiter.<Integer>builder("rate=10r/s burst=3 nodelay")
        .ticker(clock).build();
    Function<Integer, PhasedRun.LongPredicate> forKey = k -> p -> keyed.tryAcquire(k, p);
    // three keys driven one after another on the same clock, each must meet limit_req's bound on its own
    for (int k = 0; k < 3; k++) {
      PhasedRun r = PhasedRun.run(clock, forKey.apply(k), threads, 200, seed + k, 1, 4,
          x -> step(x, 300_000_000L));
      r.assertEveryInterval((a, z) -> 3 + 2 + ((z - a) / 1_000_000 + 1) * 10_000 / 1_000_000);
    }
    assertThat(keyed.size()).isEqualTo(3);
  }

  // ---- concurrency cap --------------------------------------------------------------------------------------------

  @Property(tries = 10)
  void inFlightNeverExceedsCap(@ForAll @IntRange(min = 2, max = 6) int threads,
                 @ForAll @IntRange(min = 1, max = 4) int cap,
                 @ForAll @LongRange(min = 0, max = 1000) long seed) throws InterruptedException {
    InFlightLimiter limiter = InFlightLimiter.of(cap);
    java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger maxSeen = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicLong completed = new java.util.concurrent.atomic.AtomicLong();
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      Random rnd = new Random(seed + t);
      ts[t] = Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 2000; i++) {
          Permit p;
          int mode = rnd.nextInt(3);
          try {
            p = mode == 0 ? limiter.tryAcquire()
                : mode == 1 ? limiter.acquire(Duration.ofSeconds(5))
                : limiter.acquireAsync(Duration.ofSeconds(5)).toCompletableFuture().join();
          } catch (InterruptedException e) {
            return;
          }
          if (p == null) {
            continue;
          }
          int now = inside.incrementAndGet();
          maxSeen.accumulateAndGet(now, Math::max);
          if (rnd.nextInt(4) == 0) {
            Thread.yield();
          }
          inside.decrementAndGet();
          completed.incrementAndGet();
          p.close();
          p.close(); // idempotent
        }
      });
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(maxSeen.get()).isLessThanOrEqualTo(cap);
    assertThat(limiter.inFlight()).isZero();
    assertThat(completed.get()).isPositive();
  }

  @Property(tries = 10)
  void keyedInFlightNeverExceedsCapPerKey(@ForAll @IntRange(min = 2, max = 6) int threads,
                      @ForAll @IntRange(min = 1, max = 3) int cap,
                      @ForAll @LongRange(min = 0, max = 1000) long seed)
      throws InterruptedException {
    LocalKeyedConcurrencyLimiter<Integer> limiter = LocalKeyedConcurrencyLimiter.of(cap);
    java.util.concurrent.atomic.AtomicIntegerArray inside = new java.util.concurrent.atomic.AtomicIntegerArray(3);
    java.util.concurrent.atomic.AtomicInteger violations = new java.util.concurrent.atomic.AtomicInteger();
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      Random rnd = new Random(seed + t);
      ts[t] = new Thread(() -> {
        for (int i = 0; i < 5000; i++) {
          int key = rnd.nextInt(3);
          Permit p = limiter.tryAcquire(key);
          if (p == null) {
            continue;
          }
          if (inside.incrementAndGet(key) > cap) {
            violations.incrementAndGet();
          }
          inside.decrementAndGet(key);
          p.close();
        }
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(violations.get()).isZero();
    assertThat(limiter.busyKeys()).isZero();
  }

  private static long ceil(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
