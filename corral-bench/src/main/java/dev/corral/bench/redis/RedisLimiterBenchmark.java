package dev.corral.bench.redis;

import dev.corral.limit.redis.RedisAlgorithm;
import dev.corral.limit.redis.RedisAlgorithm.Bandwidth;
import dev.corral.limit.redis.RedisRateLimiter;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Redis-backed rate-limit decisions per second: Corral (one EVALSHA per decision) against Bucket4j's Lettuce backend
 * (GET + compare-and-swap EVAL, at least two round trips), same Redis, same JVM, same kind of connection (one
 * shared Lettuce connection per library). Limits are set so nothing is ever rejected (a token bucket of 10^9 tokens
 * refilled at 10^9/s), so both measure the cost of an admitting decision.
 *
 * <p>Each caller (JMH thread) uses its own key, except the {@code HotKey} variants where all 64 callers share one
 * key (where Bucket4j's compare-and-swap retries under contention). The {@code Async64} variants are 64 concurrent
 * callers without 64 threads: one thread keeps 64 async decisions (on 64 keys) in flight and waits for all of them,
 * counted as 64 operations. The benchmark starts its own redis-server.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisLimiterBenchmark {

  private static final long HUGE = 1_000_000_000L;
  private static final int ASYNC_CALLERS = 64;

  /** One redis-server and one client per library for the whole run. */
  @State(Scope.Benchmark)
  public static class Redis {
    BenchRedisServer server;
    RedisClient client;
    StatefulRedisConnection<String, String> corralConnection;
    StatefulRedisConnection<String, byte[]> bucket4jConnection;
    RedisRateLimiter corralBucket;
    RedisRateLimiter corralGcra;
    LettuceBasedProxyManager<String> bucket4j;
    BucketConfiguration bucket4jConfig;
    final AtomicInteger callers = new AtomicInteger();
    /** Decisions made in this trial (warm-up included), to report round trips per decision. */
    final LongAdder decisions = new LongAdder();
    /** Commands sent by the client in this trial (scripts loaded during setup excluded). */
    final LongAdder sent = new LongAdder();

    @Setup(Level.Trial)
    public void start() throws Exception {
      server = BenchRedisServer.start();
      client = RedisClient.create(server.uri());
      client.addListener(new CommandListener() {
        @Override
        public void commandStarted(CommandStartedEvent event) {
          sent.increment();
        }
      });
      corralConnection = client.connect();
      bucket4jConnection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      corralBucket = RedisRateLimiter.builder(corralConnection.async()).name("bench-tb")
          .algorithm(RedisAlgorithm.tokenBucket(Bandwidth.greedy(HUGE, HUGE, Duration.ofSeconds(1))))
          .timeout(Duration.ofSeconds(5)).build();
      corralGcra = RedisRateLimiter.builder(corralConnection.async()).name("bench-gcra")
          .algorithm(RedisAlgorithm.gcra(1_000_000, Duration.ofSeconds(1), HUGE))
          .timeout(Duration.ofSeconds(5)).build();
      corralBucket.loadScripts().toCompletableFuture().get(10, TimeUnit.SECONDS);
      bucket4j = Bucket4jLettuce.casBasedBuilder(bucket4jConnection)
          .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
              Duration.ofSeconds(10)))
          .build();
      bucket4jConfig = BucketConfiguration.builder()
          .addLimit(limit -> limit.capacity(HUGE).refillGreedy(HUGE, Duration.ofSeconds(1)))
          .build();
      sent.reset();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      // Commands the client sent (Lettuce command listener): the round trips. Redis's own counts (INFO
      // commandstats) would also include the commands the scripts run inside Redis.
      String line = String.format("client round trips per decision: %.2f (%d commands, %d decisions)",
          sent.sum() / (double) Math.max(1, decisions.sum()), sent.sum(), decisions.sum());
      System.out.println(line);
      corralConnection.close();
      bucket4jConnection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      server.close();
    }
  }

  /** 64 keys and their Bucket4j async proxies, for the async variants. */
  @State(Scope.Thread)
  public static class AsyncCallers {
    final String[] keys = new String[ASYNC_CALLERS];
    final AsyncBucketProxy[] bucket4j = new AsyncBucketProxy[ASYNC_CALLERS];
    final CompletableFuture<?>[] inFlight = new CompletableFuture<?>[ASYNC_CALLERS];

    @Setup(Level.Trial)
    public void setUp(Redis redis) {
      for (int i = 0; i < ASYNC_CALLERS; i++) {
        keys[i] = "async-" + i;
        bucket4j[i] = redis.bucket4j.asAsync().builder().build("b4j:async-" + i, redis.bucket4jConfig);
      }
    }
  }

  /** One caller: its own key and its own Bucket4j proxy for that key. */
  @State(Scope.Thread)
  public static class Caller {
    String key;
    BucketProxy bucket4jOwn;
    BucketProxy bucket4jHot;

    @Setup(Level.Trial)
    public void setUp(Redis redis) {
      key = "caller-" + redis.callers.incrementAndGet();
      bucket4jOwn = redis.bucket4j.builder().build("b4j:" + key, () -> redis.bucket4jConfig);
      bucket4jHot = redis.bucket4j.builder().build("b4j:hot", () -> redis.bucket4jConfig);
    }
  }

  @Benchmark
  @Threads(1)
  public boolean corralTokenBucket1(Redis redis, Caller caller) {
    redis.decisions.increment();
    return redis.corralBucket.tryAcquire(caller.key, 1);
  }

  @Benchmark
  @Threads(64)
  public boolean corralTokenBucket64(Redis redis, Caller caller) {
    redis.decisions.increment();
    return redis.corralBucket.tryAcquire(caller.key, 1);
  }

  @Benchmark
  @Threads(1)
  public boolean corralGcra1(Redis redis, Caller caller) {
    redis.decisions.increment();
    return redis.corralGcra.tryAcquire(caller.key, 1);
  }

  @Benchmark
  @Threads(64)
  public boolean corralGcra64(Redis redis, Caller caller) {
    redis.decisions.increment();
    return redis.corralGcra.tryAcquire(caller.key, 1);
  }

  @Benchmark
  @Threads(1)
  public boolean bucket4jLettuce1(Redis redis, Caller caller) {
    redis.decisions.increment();
    return caller.bucket4jOwn.tryConsume(1);
  }

  @Benchmark
  @Threads(64)
  public boolean bucket4jLettuce64(Redis redis, Caller caller) {
    redis.decisions.increment();
    return caller.bucket4jOwn.tryConsume(1);
  }

  @Benchmark
  @Threads(64)
  public boolean corralTokenBucketHotKey64(Redis redis) {
    redis.decisions.increment();
    return redis.corralBucket.tryAcquire("hot", 1);
  }

  @Benchmark
  @Threads(64)
  public boolean bucket4jLettuceHotKey64(Redis redis, Caller caller) {
    redis.decisions.increment();
    return caller.bucket4jHot.tryConsume(1);
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(ASYNC_CALLERS)
  public void corralTokenBucketAsync64(Redis redis, AsyncCallers callers) {
    for (int i = 0; i < ASYNC_CALLERS; i++) {
      callers.inFlight[i] = redis.corralBucket.decideAsync(callers.keys[i], 1).toCompletableFuture();
    }
    CompletableFuture.allOf(callers.inFlight).join();
    redis.decisions.add(ASYNC_CALLERS);
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(ASYNC_CALLERS)
  public void bucket4jLettuceAsync64(Redis redis, AsyncCallers callers) {
    for (int i = 0; i < ASYNC_CALLERS; i++) {
      callers.inFlight[i] = callers.bucket4j[i].tryConsume(1);
    }
    CompletableFuture.allOf(callers.inFlight).join();
    redis.decisions.add(ASYNC_CALLERS);
  }
}
