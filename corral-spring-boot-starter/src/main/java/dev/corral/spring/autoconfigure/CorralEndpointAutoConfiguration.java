package dev.corral.spring.autoconfigure;

import dev.corral.spring.actuate.CorralEndpoint;
import dev.corral.spring.bagpipe.CorralBagpipes;
import dev.corral.spring.limit.CorralLimiters;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot Actuator: the {@link CorralEndpoint} {@code corral}, when enabled and exposed
 * ({@code management.endpoints.web.exposure.include: corral}).
 */
@AutoConfiguration(after = CorralAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
    "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
public class CorralEndpointAutoConfiguration {

  /** The endpoint, when enabled and exposed. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint(CorralEndpoint.class)
  public CorralEndpoint corralEndpoint(CorralLimiters limiters, CorralBagpipes bagpipes) {
    return new CorralEndpoint(limiters, bagpipes);
  }
}
