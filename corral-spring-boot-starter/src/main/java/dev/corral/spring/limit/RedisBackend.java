package dev.corral.spring.limit;

import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.LimitSpec;
import dev.corral.limit.redis.RedisAlgorithm;
import dev.corral.limit.redis.RedisRateLimiter;
import dev.corral.spring.CorralConfigException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Redis connections of {@code corral.limit.NAME.backend: redis://…} limiters: one Lettuce client and connection
 * per distinct URI, shared by the limiters that name it, closed with {@link CorralLimiters#close()}. Commands fail
 * at once while disconnected (the limiters' failure policy, fail-open, then answers). Loaded only when a backend
 * is configured, so corral-limit-redis and Lettuce stay optional. Used during start-up by one thread.
 */
final class RedisBackend implements AutoCloseable {
  private record Connection(RedisClient client, StatefulRedisConnection<String, String> connection) {}

  private final Map<String, Connection> byUri = new LinkedHashMap<>();

  /**
   * A Redis limiter called {@code name} on {@code uri}: keys {@code corral:{NAME:KEY}}.
   *
   * @throws dev.corral.limit.LimitConfigException if the spec cannot run in Redis
   * @throws CorralConfigException                 if the URI is malformed or Redis does not answer
   */
  KeyedRateLimiter<String> limiter(String property, String name, String uri, LimitSpec spec) {
    RedisAlgorithm algorithm = RedisAlgorithm.of(spec);
    Connection c = byUri.get(uri);
    if (c == null) {
      c = connect(property, uri);
      byUri.put(uri, c);
    }
    return RedisRateLimiter.builder(c.connection().async()).name(name).algorithm(algorithm).build();
  }

  private static Connection connect(String property, String uri) {
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new CorralConfigException(property, uri, "not a Redis URI (" + e.getMessage()
          + "); expected redis://HOST:PORT[/DB] or rediss://…");
    }
    RedisClient client = RedisClient.create(parsed);
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    try {
      return new Connection(client, client.connect());
    } catch (RedisConnectionException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new CorralConfigException(property, uri, "cannot connect to Redis (" + root.getMessage() + ")");
    }
  }

  @Override
  public void close() {
    List<Connection> all = new ArrayList<>(byUri.values());
    byUri.clear();
    for (Connection c : all) {
      c.connection().close();
      c.client().shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
