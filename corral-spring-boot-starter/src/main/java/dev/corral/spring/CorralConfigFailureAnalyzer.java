package dev.corral.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link CorralConfigException} anywhere in a start-up failure's causes into Spring Boot's
 * "APPLICATION FAILED TO START" report: the exception's one-line message as the description, no stack trace.
 * Registered in {@code META-INF/spring.factories}; stateless and thread-safe.
 */
public final class CorralConfigFailureAnalyzer extends AbstractFailureAnalyzer<CorralConfigException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CorralConfigException cause) {
    return new FailureAnalysis(cause.getMessage(),
        "Correct " + cause.property() + " (see the corral-spring-boot-starter README).", cause);
  }
}
