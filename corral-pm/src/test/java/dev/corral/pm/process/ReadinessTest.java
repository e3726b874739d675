package dev.corral.pm.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corral.pm.testing.HealthApp;
import dev.corral.pm.testing.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void appWithAReadyPortStaysLaunchingUntilThePortAccepts() throws Exception {
    int port = HealthApp.freePort();
    Path go = dir.resolve("go");
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("web", HealthApp.command(port, go, dir.resolve("sick"))).readyPort(port)
          .listenTimeoutMs(60_000).build()).get(10, TimeUnit.SECONDS);
      Thread.sleep(300);
      assertThat(f.status()).isEqualTo("launching");
      Files.createFile(go);
      await().atMost(WAIT).until(() -> f.status().equals("online"));
    }
  }

  @Test
  void waitReadyAppIsOnlineOnceItCreatesItsReadyFile() throws Exception {
    Path go = dir.resolve("go");
    Path script = dir.resolve("ready.sh");
    Files.writeString(script, "trap 'exit 0' INT\nwhile [ ! -e " + go + " ]; do sleep 0.05; done\n"
        + "touch \"$CORRAL_READY_FILE\"\nwhile true; do sleep 0.2; done\n");
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("w", List.of("bash", script.toString())).waitReady(true).listenTimeoutMs(60_000)
          .build()).get(10, TimeUnit.SECONDS);
      Thread.sleep(300);
      assertThat(f.status()).isEqualTo("launching");
      Files.createFile(go);
      await().atMost(WAIT).until(() -> f.status().equals("online"));
      assertThat(f.events).noneMatch(e -> e.contains("TIMED_OUT"));
    }
  }

  @Test
  void readyLineAppIsOnlineOnceItPrintsTheLine() throws Exception {
    Path go = dir.resolve("go");
    Path script = dir.resolve("boot.sh");
    Files.writeString(script, "trap 'exit 0' INT\necho booting\nwhile [ ! -e " + go + " ]; do sleep 0.05; done\n"
        + "echo 'Started App in 1.2 seconds'\nwhile true; do sleep 0.2; done\n");
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("boot", List.of("bash", script.toString())).readyLine("Started App")
          .listenTimeoutMs(60_000).build()).get(10, TimeUnit.SECONDS);
      Thread.sleep(300);
      assertThat(f.status()).isEqualTo("launching");
      Files.createFile(go);
      await().atMost(WAIT).until(() -> f.status().equals("online"));
      assertThat(f.events).noneMatch(e -> e.contains("TIMED_OUT"));
      assertThat(Files.readString(Path.of(f.only().outLog()))).contains("booting\nStarted App in 1.2 seconds\n");
    }
  }

  @Test
  void appNeverReadyIsCalledOnlineAfterListenTimeoutWithANote() throws Exception {
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      InstanceView v = f.supervisor.start(f.app("slow", TestApps.bash("graceful.sh")).waitReady(true)
          .listenTimeoutMs(300).build()).get(10, TimeUnit.SECONDS).get(0);
      await().atMost(WAIT).until(() -> f.status().equals("online"));
      assertThat(Files.readString(Path.of(v.errLog()))).contains("not ready within listen_timeout 300 ms");
    }
  }

  @Test
  void failingHealthChecksRestartTheApp() throws Exception {
    int port = HealthApp.freePort();
    Path go = Files.createFile(dir.resolve("go"));
    Path sick = dir.resolve("sick");
    try (SupervisorFixture f = new SupervisorFixture(dir)) {
      f.supervisor.start(f.app("web", HealthApp.command(port, go, sick))
          .healthUrl("http://127.0.0.1:" + port + "/health").healthIntervalMs(200).healthFailures(2)
          .listenTimeoutMs(60_000).build()).get(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> f.status().equals("online"));
      Files.createFile(sick);
      await().atMost(WAIT).until(() -> f.only().restarts() >= 1);
      assertThat(Files.readString(Path.of(f.only().errLog()))).contains("failed 2 times in a row");
    }
  }
}
