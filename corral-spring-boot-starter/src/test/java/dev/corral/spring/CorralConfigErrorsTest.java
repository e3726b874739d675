package dev.corral.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.spring.autoconfigure.CorralAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** A bad corral.* property fails start-up with one line naming the property, the value and what was expected. */
@ExtendWith(OutputCaptureExtension.class)
class CorralConfigErrorsTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CorralAutoConfiguration.class));

  /** The description Spring Boot would print for a start-up with these properties. */
  private String failure(String... properties) {
    String[] description = new String[1];
    runner.withPropertyValues(properties).run(context -> {
      assertThat(context).hasFailed();
      FailureAnalysis analysis = new CorralConfigFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
      description[0] = analysis.getDescription();
    });
    assertThat(description[0]).doesNotContain("\n");
    return description[0];
  }

  @Test
  void badRateNamesThePropertyTheValueAndTheForm() {
    assertThat(failure("corral.limit.api.spec=rate=10/s"))
        .startsWith("corral.limit.api.spec: \"rate=10/s\": invalid rate \"10/s\": expected <N>r/s, <N>r/m")
        .doesNotContain(" in \"rate=10/s\"");
  }

  @Test
  void unknownSpecOptionIsRefused() {
    assertThat(failure("corral.limit.api.spec=rate=1r/s brust=3"))
        .startsWith("corral.limit.api.spec: \"rate=1r/s brust=3\": unknown option \"brust=3\"");
  }

  @Test
  void missingSpecIsRefused() {
    assertThat(failure("corral.limit.api.keyed=true")).startsWith("corral.limit.api.spec: missing: expected");
  }

  @Test
  void keyedSettingOnASingleLimiterIsRefused() {
    assertThat(failure("corral.limit.api.spec=rate=1r/s", "corral.limit.api.max-keys=5"))
        .isEqualTo("corral.limit.api.max-keys: 5: applies only to a keyed limiter (set corral.limit.api.keyed: true)");
  }

  @Test
  void bagpipeLimitOutOfRangeIsRefused() {
    assertThat(failure("corral.bagpipe.db.limit=0")).startsWith("corral.bagpipe.db.limit: 0: expected an integer from 1");
  }

  @Test
  void bagpipeWithoutLimitIsRefused() {
    assertThat(failure("corral.bagpipe.db.queue-limit=5")).startsWith("corral.bagpipe.db.limit: missing");
  }

  @Test
  void springBootPrintsTheLineWithoutAStackTrace(CapturedOutput output) {
    SpringApplication app = new SpringApplication(Empty.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setDefaultProperties(java.util.Map.of("corral.limit.api.spec", "rate=10/s", "spring.main.banner-mode", "off"));
    try {
      app.run().close();
    } catch (RuntimeException expected) {
      // the start-up fails; what matters is what Spring Boot printed
    }
    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("corral.limit.api.spec: \"rate=10/s\": invalid rate \"10/s\"")
        .doesNotContain("\tat dev.corral");
  }

  @Configuration(proxyBeanMethods = false)
  @Import(CorralAutoConfiguration.class)
  static class Empty {}
}
