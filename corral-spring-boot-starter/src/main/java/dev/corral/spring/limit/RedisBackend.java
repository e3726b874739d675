package dev.corral.spring.limit;

import dev.corral.limit.KeyedRateLimiter;
import dev.corral.limit.LimitSpec;
import dev.corral.limit.redis.FailurePolicy;
import dev.corral.limit.redis.RedisAlgorithm;
import dev.corral.limit.redis.RedisRateLimiter;
import dev.corral.spring.CorralConfigException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis connections of Redis-backed limiters, one per distinct backend, shared by the limiters that name it and
 * closed with {@link CorralLimiters#close()}:
 * <ul>
 *   <li>{@code backend: redis}: a connection on the application's own Lettuce client (Spring Data Redis's
 *       {@code LettuceConnectionFactory}): its host, credentials, TLS, timeouts and event loops. The client stays
 *       the application's; only the connection is corral's.</li>
 *   <li>{@code backend: redis://…}: a client of its own on that URI, failing commands at once while disconnected;
 *       on the application's Lettuce event loops ({@code ClientResources}) when it has Spring Data Redis on
 *       Lettuce, so no second set of threads starts.</li>
 * </ul>
 * Loaded only when a backend is configured, so corral-limit-redis and Lettuce stay optional. Used during start-up
 * by one thread.
 */
final class RedisBackend implements AutoCloseable {
  static final String APPLICATION = "redis";

  /** One backend's connection; {@code ownClient} is shut down with it (null: the application's client). */
  private record Connection(AbstractRedisClient ownClient, StatefulConnection<String, String> connection,
                            RedisScriptingAsyncCommands<String, String> commands) {}

  private final Optional<ApplicationRedis> application;
  private final Map<String, Connection> byBackend = new LinkedHashMap<>();

  RedisBackend(Optional<ApplicationRedis> application) {
    this.application = application;
  }

  /**
   * A Redis limiter called {@code name} on {@code backend} ({@value #APPLICATION} or a URI): keys
   * {@code corral:{NAME:KEY}}, deciding by {@code policy} while Redis does not answer.
   *
   * @throws dev.corral.limit.LimitConfigException if the spec cannot run in Redis
   * @throws CorralConfigException                 if the backend is malformed, missing or does not answer
   */
  KeyedRateLimiter<String> limiter(String property, String name, String backend, LimitSpec spec,
                                   FailurePolicy policy) {
    RedisAlgorithm algorithm = RedisAlgorithm.of(spec);
    Connection c = byBackend.get(backend);
    if (c == null) {
      c = backend.equals(APPLICATION) ? onApplicationClient(property) : connect(property, backend);
      byBackend.put(backend, c);
    }
    return RedisRateLimiter.builder(c.commands()).name(name).algorithm(algorithm).failurePolicy(policy).build();
  }

  private Connection onApplicationClient(String property) {
    Object factory = application.map(ApplicationRedis::connectionFactory).orElseThrow(() ->
        new CorralConfigException(property, APPLICATION, "expected a Spring Data Redis connection factory in the "
            + "application (spring-boot-starter-data-redis, spring.data.redis.*), or a Redis URI redis://HOST:PORT"));
    AbstractRedisClient client = SpringDataRedisClient.of(factory, property);
    try {
      return switch (client) {
        case RedisClient standalone -> {
          var connection = standalone.connect(StringCodec.UTF8);
          yield new Connection(null, connection, connection.async());
        }
        case RedisClusterClient cluster -> {
          var connection = cluster.connect(StringCodec.UTF8);
          yield new Connection(null, connection, connection.async());
        }
        default -> throw new CorralConfigException(property, APPLICATION, "the application's Lettuce client is a "
            + client.getClass().getSimpleName() + " (expected a RedisClient or a RedisClusterClient)");
      };
    } catch (RedisConnectionException e) {
      throw new CorralConfigException(property, APPLICATION, "cannot connect to the application's Redis ("
          + rootMessage(e) + ")");
    }
  }

  private Connection connect(String property, String uri) {
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new CorralConfigException(property, uri, "not a Redis URI (" + e.getMessage()
          + "); expected redis://HOST:PORT[/DB] or rediss://…");
    }
    Optional<ClientResources> resources = application.flatMap(a -> SpringDataRedisClient.resources(a.connectionFactory()));
    RedisClient client = resources.map(r -> RedisClient.create(r, parsed)).orElseGet(() -> RedisClient.create(parsed));
    client.setOptions(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    try {
      var connection = client.connect();
      return new Connection(client, connection, connection.async());
    } catch (RedisConnectionException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw new CorralConfigException(property, uri, "cannot connect to Redis (" + rootMessage(e) + ")");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  @Override
  public void close() {
    List<Connection> all = new ArrayList<>(byBackend.values());
    byBackend.clear();
    for (Connection c : all) {
      c.connection().close();
      if (c.ownClient() != null) {
        c.ownClient().shutdown(Duration.ZERO, Duration.ofSeconds(2)); // shared ClientResources stay up
      }
    }
  }
}
