package dev.corral.pm.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppSpecTest {
  @Test
  void defaultsFollowPm2() {
    AppSpec spec = AppSpec.builder("web", List.of("true"), "/").build();
    assertThat(spec.maxRestarts()).isEqualTo(16);
    assertThat(spec.minUptimeMs()).isEqualTo(1000);
    assertThat(spec.killTimeoutMs()).isEqualTo(1600);
    assertThat(spec.stopSignal()).isEqualTo("INT");
    assertThat(spec.instanceVar()).isEqualTo("CORRAL_INSTANCE");
    assertThat(spec.logMaxBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(spec.logKeep()).isEqualTo(10);
  }

  @Test
  void invalidValueIsNamedWithWhatWasExpected() {
    assertThatThrownBy(() -> AppSpec.builder("web", List.of("true"), "/").maxRestarts(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("max_restarts: -1 (expected: >= 0)");
  }

  @Test
  void nameOfOnlyDigitsIsRefusedBecauseItWouldReadAsAnId() {
    assertThatThrownBy(() -> AppSpec.builder("42", List.of("true"), "/").build())
        .hasMessageStartingWith("name: 42");
  }
}
