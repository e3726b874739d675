package dev.corral.pm.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.pm.testing.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatchTest {
  @TempDir Path dir;

  @Test
  void changedFileRestartsTheAppButAnIgnoredOneDoesNot() throws Exception {
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.createDirectories(app.resolve("src"));
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(AppSpec.builder("w", TestApps.bash("graceful.sh"), app.toString()).watch(List.of("."))
          .ignoreWatch(List.of("*.tmp")).watchDelayMs(100).build()).get(10, TimeUnit.SECONDS);
      Files.writeString(app.resolve("scratch.tmp"), "ignored");
      Thread.sleep(1000); // well past watch_delay: an ignored change must not have restarted it
      assertThat(f.only().restarts()).isZero();
      Files.writeString(app.resolve("src").resolve("Main.java"), "changed");
      await().atMost(Duration.ofSeconds(30)).until(() -> f.only().restarts() == 1 && f.status().equals("online"));
    }
  }

  @Test
  void watchOfAMissingPathFailsTheStart() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      var start = f.supervisor.start(AppSpec.builder("w", TestApps.bash("graceful.sh"), dir.toString())
          .watch(List.of("nope")).build());
      await().atMost(Duration.ofSeconds(10)).until(start::isDone);
      assertThat(start).isCompletedExceptionally();
      assertThat(f.supervisor.list().get(10, TimeUnit.SECONDS)).isEmpty();
    }
  }
}
