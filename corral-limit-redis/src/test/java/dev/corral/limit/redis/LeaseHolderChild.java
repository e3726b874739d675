package dev.corral.limit.redis;

import dev.corral.limit.Permit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The program the child JVM of {@link RedisLeaseAcrossJvmsTest} runs: takes one permit of a renewing
 * {@link RedisConcurrencyLimiter}, prints {@code held} (or {@code refused}), then keeps it, renewing, until killed.
 * Arguments: redis URI, limiter name, key, lease in ms, renewal interval in ms.
 */
public final class LeaseHolderChild {

  private LeaseHolderChild() {
  }

  public static void main(String[] args) throws Exception {
    RedisClient client = RedisClient.create(args[0]);
    StatefulRedisConnection<String, String> connection = client.connect();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    RedisConcurrencyLimiter limiter = RedisConcurrencyLimiter.builder(connection.async()).name(args[1]).limit(1)
        .lease(Duration.ofMillis(Long.parseLong(args[3]))).renewWith(scheduler)
        .renewEvery(Duration.ofMillis(Long.parseLong(args[4]))).timeout(Duration.ofSeconds(10))
        .failurePolicy(FailurePolicy.failClosed()).build();
    Permit permit = limiter.tryAcquire(args[2]);
    System.out.println(permit != null ? "held" : "refused");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // holds the permit until the test kills this JVM
  }
}
