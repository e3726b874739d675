package dev.corral.limit.redis;

import dev.corral.limit.redis.testing.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;

/** A Lettuce client and connection to a test {@link RedisServer}, counting the commands it sends. */
final class RedisFixture implements AutoCloseable {

  final CommandCounter commands = new CommandCounter();
  final RedisClient client;
  private final ClientResources resources;
  final StatefulRedisConnection<String, String> connection;

  /** A client that fails commands at once while disconnected (what the README recommends). */
  RedisFixture(RedisServer redis) {
    this(redis, ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
  }

  private RedisFixture(RedisServer redis, ClientOptions options) {
    RedisURI uri = RedisURI.create(redis.uri());
    uri.setTimeout(Duration.ofSeconds(10));
    // Reconnect attempts at most 1 s apart (what the README recommends): Lettuce's default backoff doubles up to
    // 30 s, so after an outage of some seconds the client could stay away for up to 30 s after Redis is back.
    resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, java.util.concurrent.TimeUnit.MILLISECONDS))
        .build();
    client = RedisClient.create(resources, uri);
    client.setOptions(options);
    client.addListener(commands);
    connection = client.connect();
  }

  /** A client with Lettuce's default options: while disconnected, commands queue until it reconnects. */
  static RedisFixture withLettuceDefaults(RedisServer redis) {
    return new RedisFixture(redis, ClientOptions.create());
  }

  /** A limiter builder on this connection, named {@code name}. */
  RedisRateLimiter.Builder limiter(String name, RedisAlgorithm algorithm) {
    return RedisRateLimiter.builder(connection.async()).name(name).algorithm(algorithm)
        .timeout(Duration.ofSeconds(5));
  }

  /** A concurrency limiter builder on this connection, named {@code name}. */
  RedisConcurrencyLimiter.Builder concurrency(String name, int limit) {
    return RedisConcurrencyLimiter.builder(connection.async()).name(name).limit(limit)
        .timeout(Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }
}
