package dev.corral.limit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The program each child JVM of {@link TwoJvmSharedLimitTest} runs: one limiter on a shared Redis limit, waits for
 * the go file (so both JVMs ask at the same time), makes its attempts from several threads, prints
 * {@code admitted N} and exits 0. Arguments: redis URI, limiter name, spec string, threads, attempts per thread,
 * go file.
 */
public final class SharedLimitChild {

  private SharedLimitChild() {
  }

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String name = args[1];
    String spec = args[2];
    int threads = Integer.parseInt(args[3]);
    int attempts = Integer.parseInt(args[4]);
    Path go = Path.of(args[5]);
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisRateLimiter limiter = RedisRateLimiter.builder(connection.async()).name(name)
          .algorithm(RedisAlgorithm.parse(spec)).timeout(Duration.ofSeconds(10))
          .failurePolicy(FailurePolicy.failClosed()).build();
      limiter.loadScripts().toCompletableFuture().get(10, TimeUnit.SECONDS);
      System.out.println("ready");
      System.out.flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(go)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no go file " + go + " within 60 s");
        }
        Thread.sleep(5);
      }
      AtomicLong admitted = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire("shared")) {
              admitted.incrementAndGet();
            }
          }
        });
      }
      pool.shutdown();
      if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("attempts did not finish within 120 s");
      }
      System.out.println("admitted " + admitted.get());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
