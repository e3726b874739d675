package dev.corral.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.spring.annotation.Bagpipe;
import dev.corral.spring.annotation.RateLimited;
import dev.corral.spring.autoconfigure.CorralAutoConfiguration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A wrong annotation fails start-up with one line naming the method and what was expected. */
class AnnotationErrorsTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CorralAutoConfiguration.class))
      .withPropertyValues("corral.limit.api.spec=rate=1r/s", "corral.limit.users.spec=rate=1r/s",
          "corral.limit.users.keyed=true", "corral.bagpipe.db.limit=2");

  private String failure(Class<?> bean) {
    String[] message = new String[1];
    runner.withBean(bean).run(context -> {
      assertThat(context).hasFailed();
      Throwable t = context.getStartupFailure();
      while (t != null && !(t instanceof CorralConfigException)) {
        t = t.getCause();
      }
      assertThat(t).as("a CorralConfigException in %s", context.getStartupFailure()).isNotNull();
      message[0] = t.getMessage();
    });
    assertThat(message[0]).doesNotContain("\n");
    return message[0];
  }

  public static class UnknownLimiter {
    @RateLimited(name = "nope")
    public void call() {}
  }

  public static class KeyOnSingleLimiter {
    @RateLimited(name = "api", key = "#id")
    public void call(String id) {}
  }

  public static class NoKeyOnKeyedLimiter {
    @RateLimited(name = "users")
    public void call(String id) {}
  }

  public static class BadExpression {
    @RateLimited(name = "users", key = "#id.")
    public void call(String id) {}
  }

  public static class MissingFallback {
    @RateLimited(name = "api", fallbackMethod = "other")
    public String call(String id) {
      return id;
    }

    public String other(String id) {
      return id;
    }
  }

  public static class UnknownBagpipe {
    @Bagpipe("pool")
    public CompletableFuture<String> call() {
      return CompletableFuture.completedFuture("");
    }
  }

  @Test
  void unknownLimiterNamesTheMethodAndTheDeclaredOnes() {
    assertThat(failure(UnknownLimiter.class)).isEqualTo(
        "@RateLimited(name) on UnknownLimiter.call(..): \"nope\": no limiter corral.limit.nope (declared: api, users)");
  }

  @Test
  void keyOnASingleLimiterIsRefused() {
    assertThat(failure(KeyOnSingleLimiter.class)).startsWith(
        "@RateLimited(key) on KeyOnSingleLimiter.call(..): \"#id\": corral.limit.api is not keyed");
  }

  @Test
  void keyedLimiterWithoutKeyIsRefused() {
    assertThat(failure(NoKeyOnKeyedLimiter.class)).startsWith(
        "@RateLimited(key) on NoKeyOnKeyedLimiter.call(..): missing: corral.limit.users is keyed");
  }

  @Test
  void unparsableKeyIsRefused() {
    assertThat(failure(BadExpression.class)).startsWith(
        "@RateLimited(key) on BadExpression.call(..): \"#id.\": not a SpEL expression");
  }

  @Test
  void fallbackWithoutAnExceptionParameterIsRefused() {
    assertThat(failure(MissingFallback.class)).isEqualTo("fallbackMethod of MissingFallback.call(..): \"other\": "
        + "expected a method other(String, <exception type>) returning String in MissingFallback");
  }

  @Test
  void unknownBagpipeIsRefused() {
    assertThat(failure(UnknownBagpipe.class)).isEqualTo(
        "@Bagpipe on UnknownBagpipe.call(..): \"pool\": no bagpipe corral.bagpipe.pool (declared: db)");
  }
}
