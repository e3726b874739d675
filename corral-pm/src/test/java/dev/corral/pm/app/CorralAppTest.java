package dev.corral.pm.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorralAppTest {
  @TempDir Path dir;

  @Test
  void readyCreatesTheFileCorralWaitsFor() {
    Path file = dir.resolve("7-1.ready");
    assertThat(CorralApp.ready(Map.of(CorralApp.READY_FILE_VAR, file.toString()))).isTrue();
    assertThat(file).exists();
  }

  @Test
  void outsideCorralReadyDoesNothing() {
    assertThat(CorralApp.ready(Map.of())).isFalse();
  }

  @Test
  void aFileThatCannotBeCreatedIsReportedWithItsPath() {
    Path file = dir.resolve("missing/7-1.ready");
    assertThatThrownBy(() -> CorralApp.ready(Map.of(CorralApp.READY_FILE_VAR, file.toString())))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString());
    assertThat(Files.exists(file)).isFalse();
  }
}
