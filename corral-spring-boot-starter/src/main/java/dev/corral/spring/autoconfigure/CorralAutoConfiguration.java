package dev.corral.spring.autoconfigure;

import dev.corral.async.Scheduler;
import dev.corral.limit.Ticker;
import dev.corral.spring.aop.CorralAnnotationPostProcessor;
import dev.corral.spring.bagpipe.CorralBagpipes;
import dev.corral.spring.limit.ApplicationRedis;
import dev.corral.spring.limit.CorralLimiters;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.context.annotation.Role;

/**
 * Corral's core beans: {@link CorralLimiters} from {@code corral.limit.*} and {@link CorralBagpipes} from
 * {@code corral.bagpipe.*}. Limiters read time from a {@link Ticker} bean if the application has one (tests
 * give a {@code FakeTicker}), else the system clock; Bagpipe timeouts run on a {@link Scheduler} bean if there is
 * one, else the shared system scheduler.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@EnableConfigurationProperties(CorralProperties.class)
public class CorralAutoConfiguration {

  /** The limiters; fails start-up with a {@link dev.corral.spring.CorralConfigException} on a bad property. */
  @Bean
  @ConditionalOnMissingBean
  public CorralLimiters corralLimiters(CorralProperties properties, ObjectProvider<Ticker> ticker,
                                       ObjectProvider<ApplicationRedis> applicationRedis) {
    return CorralLimiters.from(properties.limit(), ticker.getIfUnique(Ticker::system),
        Optional.ofNullable(applicationRedis.getIfUnique()));
  }

  /**
   * The application's Spring Data Redis connection factory, for {@code backend: redis} limiters (and the event
   * loops of {@code backend: redis://…} ones). A bean of its own, so the factory outlives the limiters' connections
   * at shut-down (Spring destroys the beans depending on it first).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
  static class ApplicationRedisConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(type = "org.springframework.data.redis.connection.RedisConnectionFactory")
    ApplicationRedis corralApplicationRedis(RedisConnectionFactory connectionFactory) {
      return new ApplicationRedis(connectionFactory);
    }
  }

  /** Proxies beans with {@code @RateLimited} / {@code @Bagpipe} methods. */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  public static CorralAnnotationPostProcessor corralAnnotationPostProcessor() {
    return new CorralAnnotationPostProcessor();
  }

  /** The Bagpipes; fails start-up with a {@link dev.corral.spring.CorralConfigException} on a bad property. */
  @Bean
  @ConditionalOnMissingBean
  public CorralBagpipes corralBagpipes(CorralProperties properties, ObjectProvider<Scheduler> scheduler) {
    return CorralBagpipes.from(properties.bagpipe(), scheduler.getIfUnique(Scheduler::system));
  }
}
