package dev.corral.spring.autoconfigure;

import dev.corral.spring.limit.CorralLimiters;
import dev.corral.spring.web.CorralRateLimitFilter;
import dev.corral.spring.web.HttpLimitRule;
import dev.corral.spring.web.RateLimitedExceptionResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * In a Spring MVC application: the {@link CorralRateLimitFilter} of {@code corral.http.limits} (registered as a
 * servlet filter at order 0, passing everything when there are no rules), and the
 * {@link RateLimitedExceptionResolver} that answers a handler's {@code RateLimitedException} with 429.
 */
@AutoConfiguration(after = CorralAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
public class CorralWebMvcAutoConfiguration {

  /** The filter; fails start-up with a {@link dev.corral.spring.CorralConfigException} on a bad rule. */
  @Bean
  @ConditionalOnMissingBean
  public CorralRateLimitFilter corralRateLimitFilter(CorralProperties properties, CorralLimiters limiters) {
    return new CorralRateLimitFilter(HttpLimitRule.from(properties.http(), limiters));
  }

  /** 429 for a {@code RateLimitedException} thrown by a handler. */
  @Bean
  @ConditionalOnMissingBean
  public RateLimitedExceptionResolver corralRateLimitedExceptionResolver() {
    return new RateLimitedExceptionResolver();
  }
}
