package dev.corral.bench.limit;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/** tryAcquire of an open (never rejecting) limiter shared by 2 thread(s); keyed variants over 100,000 keys. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
public class OpenLimiter2T {

  /** The floor: every limiter here reads the clock once per decision (System.nanoTime or currentTimeMillis). */
  @Benchmark
  public long clockOnly() {
    return System.nanoTime();
  }

  @Benchmark
  public boolean corralTokenBucket(OpenLimiters s) {
    return s.corralTokenBucket.tryAcquire();
  }

  @Benchmark
  public boolean corralLimitReq(OpenLimiters s) {
    return s.corralLimitReq.tryAcquire();
  }

  @Benchmark
  public boolean bucket4jLockFree(OpenLimiters s) {
    return s.bucket4j.tryConsume(1);
  }

  @Benchmark
  public boolean resilience4jAtomic(OpenLimiters s) {
    return s.resilience4j.acquirePermission();
  }

  @Benchmark
  public boolean guava(OpenLimiters s) {
    return s.guava.tryAcquire();
  }

  @Benchmark
  public boolean keyedCorral(OpenLimiters s, OpenLimiters.Cursor c) {
    return s.corralKeyed.tryAcquire(c.next(s.keys));
  }

  @Benchmark
  public boolean keyedBucket4jMap(OpenLimiters s, OpenLimiters.Cursor c) {
    return s.bucket4jKeyed.computeIfAbsent(c.next(s.keys), k -> OpenLimiters.newBucket4j(1_000_000L))
        .tryConsume(1);
  }

  @Benchmark
  public boolean keyedResilience4jRegistry(OpenLimiters s, OpenLimiters.Cursor c) {
    return s.resilience4jKeyed.rateLimiter(c.next(s.keys)).acquirePermission();
  }

  @Benchmark
  public boolean keyedGuavaMap(OpenLimiters s, OpenLimiters.Cursor c) {
    return s.guavaKeyed.computeIfAbsent(c.next(s.keys),
        k -> com.google.common.util.concurrent.RateLimiter.create(1e6)).tryAcquire();
  }
}
