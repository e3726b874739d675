package dev.corral.spring.limit;

import java.util.Objects;

/**
 * The application's own Redis connection factory (Spring Data Redis's {@code RedisConnectionFactory} bean), on
 * which {@code corral.limit.NAME.backend: redis} limiters open their connection: a Spring bean that the
 * auto-configuration makes when Spring Data Redis is on the class path. The factory is held as an {@code Object}, so
 * this type loads without Spring Data Redis. Immutable.
 */
public final class ApplicationRedis {
  private final Object connectionFactory; // an org.springframework.data.redis.connection.RedisConnectionFactory

  /**
   * @param connectionFactory the application's {@code RedisConnectionFactory}
   * @throws NullPointerException if it is null
   */
  public ApplicationRedis(Object connectionFactory) {
    this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
  }

  /** The application's {@code RedisConnectionFactory}. */
  Object connectionFactory() {
    return connectionFactory;
  }
}
