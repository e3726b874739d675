package dev.corral.spring.autoconfigure;

import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.web.HttpLimitRule;
import dev.corral.spring.web.reactive.CorralRateLimitWebFilter;
import dev.corral.spring.web.reactive.RateLimitedWebExceptionHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * In a WebFlux application: the {@link CorralRateLimitWebFilter} of {@code corral.http.limits} and the
 * {@link RateLimitedWebExceptionHandler} that answers a handler's {@code RateLimitedException} with 429.
 */
@AutoConfiguration(after = CorralAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
public class CorralWebFluxAutoConfiguration {

  /** The filter; fails start-up with a {@link dev.corral.spring.CorralConfigException} on a bad rule. */
  @Bean
  @ConditionalOnMissingBean
  public CorralRateLimitWebFilter corralRateLimitWebFilter(CorralProperties properties, CorralLimiters limiters) {
    return new CorralRateLimitWebFilter(HttpLimitRule.from(properties.http(), limiters));
  }

  /** 429 for a {@code RateLimitedException} signalled by a handler. */
  @Bean
  @ConditionalOnMissingBean
  public RateLimitedWebExceptionHandler corralRateLimitedWebExceptionHandler() {
    return new RateLimitedWebExceptionHandler();
  }
}
