package dev.corral.spring.autoconfigure;

import dev.corral.spring.actuate.CorralMeterBinder;
import dev.corral.spring.bagpipe.CorralBagpipes;
import dev.corral.spring.limit.CorralLimiters;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** With Micrometer on the classpath: {@link CorralMeterBinder}, which Spring Boot binds to every registry. */
@AutoConfiguration(after = CorralAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
public class CorralMetricsAutoConfiguration {

  /** The meters; bound by Spring Boot to every registry. */
  @Bean
  @ConditionalOnMissingBean
  public CorralMeterBinder corralMeterBinder(CorralLimiters limiters, CorralBagpipes bagpipes) {
    return new CorralMeterBinder(limiters, bagpipes);
  }
}
