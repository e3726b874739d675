package dev.corral.spring.limit;

import dev.corral.spring.CorralConfigException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.resource.ClientResources;
import java.util.Optional;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Lettuce client inside Spring Data Redis's {@link LettuceConnectionFactory}. Loaded only for a
 * {@code backend: redis} limiter, so Spring Data Redis stays optional.
 */
final class SpringDataRedisClient {
  private SpringDataRedisClient() {}

  /**
   * The factory's Lettuce client, the factory started first if it was not (Spring Data Redis starts it early by
   * default).
   *
   * @throws CorralConfigException naming {@code property} if the factory is not Lettuce's (Jedis)
   */
  static AbstractRedisClient of(Object connectionFactory, String property) {
    if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
      throw new CorralConfigException(property, "redis", "the application's RedisConnectionFactory is a "
          + connectionFactory.getClass().getSimpleName() + "; corral needs Spring Data Redis on Lettuce "
          + "(LettuceConnectionFactory), or a Redis URI redis://HOST:PORT");
    }
    if (!lettuce.isRunning()) {
      lettuce.start();
    }
    return lettuce.getRequiredNativeClient();
  }

  /**
   * The event loops of the application's Lettuce client, if its connection factory is Lettuce's; empty for any
   * other factory, or when Spring Data Redis is not on the class path (then this class is never loaded).
   */
  static Optional<ClientResources> resources(Object connectionFactory) {
    if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
      return Optional.ofNullable(lettuce.getClientResources())
          .or(() -> lettuce.getClientConfiguration().getClientResources());
    }
    return Optional.empty();
  }
}
