package dev.corral.pm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.pm.PmException;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.testing.TestApps;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private AppSpec app(String name, String script, String... args) {
    return AppSpec.builder(name, TestApps.bash(script, args), dir.toString()).build();
  }

  @Test
  void firstCallStartsADaemonWhoseSocketOnlyItsOwnerCanUse() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      JsonNode pong = d.call("ping", Protocol.args());
      assertThat(pong.path("protocol").asInt()).isEqualTo(Protocol.VERSION);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.home.socket()))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.home.dir()))).isEqualTo("rwx------");
      assertThat(pong.path("pid").asLong()).isEqualTo(d.daemonPid());
    }
  }

  @Test
  void appsStartListStopAndDeleteThroughTheSocket() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      JsonNode started = d.start(app("web", "graceful.sh"));
      long pid = started.get(0).path("pid").asLong();
      assertThat(d.list().get(0).path("status").asText()).isEqualTo("online");
      d.call("stop", "target", "web");
      assertThat(d.list().get(0).path("status").asText()).isEqualTo("stopped");
      assertThat(TestApps.alive(pid)).isFalse();
      d.call("delete", "target", "0");
      assertThat(d.list()).isEmpty();
    }
  }

  @Test
  void unknownTargetIsAOneLineError() {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      assertThatThrownBy(() -> d.call("stop", "target", "nope")).isInstanceOf(PmException.class)
          .hasMessage("no app or namespace named 'nope' (see corral list)");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void requestOfAnotherProtocolVersionIsAnsweredWithAVersionError() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      d.call("ping", Protocol.args());
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(d.home.socket()));
        Channels.newOutputStream(ch).write("{\"v\":99,\"cmd\":\"list\"}\n".getBytes(StandardCharsets.UTF_8));
        String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))
            .readLine();
        JsonNode reply = Protocol.JSON.readTree(line);
        assertThat(reply.path("ok").asBoolean()).isFalse();
        assertThat(reply.path("code").asText()).isEqualTo("version");
        assertThat(reply.path("error").asText()).contains("99").contains("speaks " + Protocol.VERSION);
      }
    }
  }

  @Test
  void resurrectRestartsSavedAppsInANewDaemon() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      d.start(app("web", "graceful.sh").toBuilder().instances(2).build());
      d.call("save", Protocol.args());
      long first = d.daemonPid();
      d.call("kill", Protocol.args());
      await().atMost(WAIT).until(() -> ProcessHandle.of(first).isEmpty());
      JsonNode revived = d.call("resurrect", Protocol.args());
      assertThat(revived).hasSize(2);
      assertThat(d.daemonPid()).isNotEqualTo(first);
      assertThat(d.list()).allSatisfy(v -> assertThat(v.path("status").asText()).isEqualTo("online"));
    }
  }

  @Test
  void saveRefusesToOverwriteASavedListWithAnEmptyOne() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      d.start(app("web", "graceful.sh"));
      d.call("save", Protocol.args());
      d.call("delete", "target", "all");
      assertThatThrownBy(() -> d.call("save", Protocol.args())).hasMessageContaining("--force");
      ObjectNode force = Protocol.args();
      force.put("force", true);
      d.call("save", force);
    }
  }

  @Test
  void killStopsEveryAppAndTheDaemon() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      long app = d.start(app("web", "graceful.sh")).get(0).path("pid").asLong();
      long daemon = d.daemonPid();
      d.call("kill", Protocol.args());
      await().atMost(WAIT).until(() -> ProcessHandle.of(daemon).isEmpty());
      assertThat(TestApps.alive(app)).isFalse();
      assertThat(d.client.callIfRunning("ping", java.util.Map.of())).isEmpty();
    }
  }

  @Test
  void clientsRacingToStartTheDaemonEndUpWithOne() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      java.util.List<java.util.concurrent.CompletableFuture<Object>> pings = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        DaemonClient client = new DaemonClient(d.home, DaemonLauncher.sameJvm(DaemonMain.class.getName()));
        pings.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> client.call("ping", java.util.Map.of())));
      }
      java.util.Set<Long> pids = new java.util.HashSet<>();
      for (var ping : pings) {
        pids.add(WireJson.num(WireJson.asObject(ping.get(60, java.util.concurrent.TimeUnit.SECONDS)), "pid"));
      }
      assertThat(pids).containsExactly(d.daemonPid());
    }
  }
}
