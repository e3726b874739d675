package dev.corral.pm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.testing.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of the daemon: apps keep running, and the next daemon takes them over. */
class DaemonRecoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static void kill9(long pid) {
    ProcessHandle.of(pid).ifPresent(h -> {
      h.destroyForcibly();
      h.onExit().join();
    });
  }

  private static long ticks(Path log) throws Exception {
    return Files.readAllLines(log).stream().filter(l -> l.startsWith("tick ")).count();
  }

  @Test
  void appSurvivesDaemonKill9AndTheNextDaemonAdoptsItWithItsLogs() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      JsonNode started = d.start(AppSpec.builder("ticker", TestApps.bash("ticker.sh"), dir.toString()).build());
      long pid = started.get(0).path("pid").asLong();
      Path out = Path.of(started.get(0).path("outLog").asText());
      await().atMost(WAIT).until(() -> Files.exists(d.home.state()));
      kill9(d.daemonPid());
      Thread.sleep(500); // the app writes into its pipe with no reader; it must neither die nor lose its place
      assertThat(TestApps.alive(pid)).isTrue();

      JsonNode after = d.list();
      assertThat(after.get(0).path("pid").asLong()).isEqualTo(pid);
      assertThat(after.get(0).path("status").asText()).isEqualTo("online");
      long before = ticks(out);
      await().atMost(WAIT).until(() -> ticks(out) > before + 5);
    }
  }

  @Test
  void adoptedAppIsRestartedWhenItDies() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      long pid = d.start(AppSpec.builder("ticker", TestApps.bash("ticker.sh"), dir.toString()).build())
          .get(0).path("pid").asLong();
      await().atMost(WAIT).until(() -> Files.exists(d.home.state()));
      kill9(d.daemonPid());
      d.list();
      kill9(pid);
      await().atMost(WAIT).until(() -> {
        JsonNode v = d.list().get(0);
        return v.path("restarts").asInt() == 1 && v.path("status").asText().equals("online");
      });
      assertThat(d.list().get(0).path("pid").asLong()).isNotEqualTo(pid);
    }
  }

  @Test
  void appThatDiedWhileNoDaemonRanIsRestartedByTheNextOne() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      long pid = d.start(AppSpec.builder("ticker", TestApps.bash("ticker.sh"), dir.toString()).build())
          .get(0).path("pid").asLong();
      await().atMost(WAIT).until(() -> Files.exists(d.home.state()));
      kill9(d.daemonPid());
      kill9(pid);
      JsonNode v = d.list().get(0);
      assertThat(v.path("status").asText()).isEqualTo("online");
      assertThat(v.path("pid").asLong()).isNotEqualTo(pid);
      assertThat(v.path("restarts").asInt()).isEqualTo(1);
    }
  }

  @Test
  void stopOfAnAdoptedAppKillsItsWholeTree() throws Exception {
    Path pidFile = dir.resolve("pids");
    long[] pids = {};
    try (DaemonFixture d = new DaemonFixture(dir)) {
      d.start(AppSpec.builder("stubborn", TestApps.bash("stubborn.sh", pidFile.toString()), dir.toString())
          .killTimeoutMs(300).build());
      await().atMost(WAIT).until(() -> Files.exists(pidFile) && Files.exists(d.home.state()));
      pids = TestApps.pids(pidFile);
      kill9(d.daemonPid());
      d.send(new Request.Stop("stubborn"));
      for (long pid : pids) {
        assertThat(TestApps.alive(pid)).as("pid %d", pid).isFalse();
      }
    } finally {
      TestApps.killAll(pids);
    }
  }

  @Test
  void cleanKillLeavesNoStateToTakeOver() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      d.start(AppSpec.builder("ticker", TestApps.bash("ticker.sh"), dir.toString()).build());
      await().atMost(WAIT).until(() -> Files.exists(d.home.state()));
      d.send(new Request.Kill());
      await().atMost(WAIT).until(() -> !Files.exists(d.home.socket()));
      assertThat(d.home.state()).doesNotExist();
      assertThat(d.list()).isEmpty();
    }
  }
}
