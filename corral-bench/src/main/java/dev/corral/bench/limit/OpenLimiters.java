package dev.corral.bench.limit;

import dev.corral.limit.LimitSpec;
import dev.corral.limit.LocalKeyedRateLimiter;
import dev.corral.limit.RateLimiter;
import dev.corral.limit.TokenBucket;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Limiters configured so they never reject at benchmark speed (the cost of an admitted decision), shared by all
 * benchmark threads: Corral's token bucket and limit_req, Bucket4j's local lock-free bucket, Resilience4j's
 * AtomicRateLimiter, Guava's RateLimiter; and keyed maps of each over 100,000 keys.
 */
@State(Scope.Benchmark)
public class OpenLimiters {

  static final int KEYS = 100_000;

  // one token per ns, one second of capacity: 10^9 per second, far above what one core can ask for
  RateLimiter corralTokenBucket;
  RateLimiter corralLimitReq;
  Bucket bucket4j;
  AtomicRateLimiter resilience4j;
  com.google.common.util.concurrent.RateLimiter guava;

  String[] keys;
  LocalKeyedRateLimiter<String> corralKeyed;
  ConcurrentHashMap<String, Bucket> bucket4jKeyed;
  RateLimiterRegistry resilience4jKeyed;
  ConcurrentHashMap<String, com.google.common.util.concurrent.RateLimiter> guavaKeyed;

  @Setup(Level.Trial)
  public void setUp() {
    corralTokenBucket = TokenBucket.builder()
        .greedy(1_000_000_000L, 1_000_000_000L, Duration.ofSeconds(1)).build();
    corralLimitReq = RateLimiter.of("rate=1000000000r/s burst=100000 nodelay");
    bucket4j = newBucket4j(1_000_000_000L);
    resilience4j = new AtomicRateLimiter("open", r4jConfig());
    guava = com.google.common.util.concurrent.RateLimiter.create(1e9);

    keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }
    // per key: 10^6 per second, capacity 10^6 (a key is hit ~1/100,000 of the time)
    corralKeyed = LocalKeyedRateLimiter.<String>builder(
            LimitSpec.parse("algorithm=token_bucket rate=1000000r/s capacity=1000000"))
        .maxKeys(2 * KEYS).build();
    bucket4jKeyed = new ConcurrentHashMap<>();
    resilience4jKeyed = RateLimiterRegistry.of(r4jConfig());
    guavaKeyed = new ConcurrentHashMap<>();
    for (String k : keys) {
      corralKeyed.tryAcquire(k);
      bucket4jKeyed.computeIfAbsent(k, x -> newBucket4j(1_000_000L)).tryConsume(1);
      resilience4jKeyed.rateLimiter(k).acquirePermission();
      guavaKeyed.computeIfAbsent(k, x -> com.google.common.util.concurrent.RateLimiter.create(1e6)).tryAcquire();
    }
  }

  static Bucket newBucket4j(long perSecond) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
        .build();
  }

  /**
   * Resilience4j at its fastest: a one-second cycle with Integer.MAX_VALUE permits, so every call stays within the
   * current cycle (a 500 ns refresh period, its default, recomputes the cycle on every call and measured ~6 ops/us).
   */
  static RateLimiterConfig r4jConfig() {
    return RateLimiterConfig.custom()
        .limitForPeriod(Integer.MAX_VALUE)
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(Duration.ZERO)
        .build();
  }

  /** Every limiter must still be admitting after the run: the figures are for admitted decisions. */
  @TearDown(Level.Trial)
  public void checkOpen() {
    String k = keys[ThreadLocalRandom.current().nextInt(KEYS)];
    boolean all = corralTokenBucket.tryAcquire() && corralLimitReq.tryAcquire() && bucket4j.tryConsume(1)
        && resilience4j.acquirePermission() && guava.tryAcquire() && corralKeyed.tryAcquire(k)
        && bucket4jKeyed.get(k).tryConsume(1) && resilience4jKeyed.rateLimiter(k).acquirePermission()
        && guavaKeyed.get(k).tryAcquire();
    if (!all) {
      throw new IllegalStateException("a limiter rejected: the benchmark is not measuring open limiters");
    }
  }

  /** Each benchmark thread walks the keys from its own offset with a large odd stride (cache-unfriendly). */
  @State(Scope.Thread)
  public static class Cursor {
    int i = ThreadLocalRandom.current().nextInt(KEYS);

    String next(String[] keys) {
      i += 7919;
      if (i >= KEYS) {
        i -= KEYS;
      }
      return keys[i];
    }
  }
}
