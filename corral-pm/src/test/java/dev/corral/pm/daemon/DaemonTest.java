package dev.corral.pm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.pm.PmException;
import dev.corral.pm.daemon.protocol.ProtocolCodec;
import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
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
      JsonNode pong = d.send(new Request.Ping());
      assertThat(pong.path("protocol").asInt()).isEqualTo(ProtocolCodec.VERSION);
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
      d.send(new Request.Stop("web"));
      assertThat(d.list().get(0).path("status").asText()).isEqualTo("stopped");
      assertThat(TestApps.alive(pid)).isFalse();
      d.send(new Request.Delete("0"));
      assertThat(d.list()).isEmpty();
    }
  }

  @Test
  void unknownTargetIsAOneLineError() {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      assertThatThrownBy(() -> d.send(new Request.Stop("nope"))).isInstanceOf(PmException.class)
          .hasMessage("no app or namespace named 'nope' (see corral list)");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void requestOfAnotherProtocolVersionIsAnsweredWithAVersionError() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      d.send(new Request.Ping());
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(d.home.socket()));
        Channels.newOutputStream(ch).write("{\"v\":99,\"cmd\":\"list\"}\n".getBytes(StandardCharsets.UTF_8));
        String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))
            .readLine();
        JsonNode reply = FileJson.JSON.readTree(line);
        assertThat(reply.path("ok").asBoolean()).isFalse();
        assertThat(reply.path("code").asText()).isEqualTo("version");
        assertThat(reply.path("error").asText()).contains("99").contains("speaks " + ProtocolCodec.VERSION);
      }
    }
  }

  @Test
  void resurrectRestartsSavedAppsInANewDaemon() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      d.start(app("web", "graceful.sh").toBuilder().instances(2).build());
      d.send(new Request.Save(false));
      long first = d.daemonPid();
      d.send(new Request.Kill());
      await().atMost(WAIT).until(() -> ProcessHandle.of(first).isEmpty());
      JsonNode revived = d.send(new Request.Resurrect());
      assertThat(revived).hasSize(2);
      assertThat(d.daemonPid()).isNotEqualTo(first);
      assertThat(d.list()).allSatisfy(v -> assertThat(v.path("status").asText()).isEqualTo("online"));
    }
  }

  @Test
  void saveRefusesToOverwriteASavedListWithAnEmptyOne() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      d.start(app("web", "graceful.sh"));
      d.send(new Request.Save(false));
      d.send(new Request.Delete("all"));
      assertThatThrownBy(() -> d.send(new Request.Save(false))).hasMessageContaining("--force");
      d.send(new Request.Save(true));
    }
  }

  @Test
  void killStopsEveryAppAndTheDaemon() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      long app = d.start(app("web", "graceful.sh")).get(0).path("pid").asLong();
      long daemon = d.daemonPid();
      d.send(new Request.Kill());
      await().atMost(WAIT).until(() -> ProcessHandle.of(daemon).isEmpty());
      assertThat(TestApps.alive(app)).isFalse();
      assertThat(d.client.sendIfRunning(new Request.Ping())).isEmpty();
    }
  }

  @Test
  void clientsRacingToStartTheDaemonEndUpWithOne() throws Exception {
    try (DaemonFixture d = new DaemonFixture(dir)) {
      java.util.List<java.util.concurrent.CompletableFuture<Reply.Pong>> pings = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        DaemonClient client = new DaemonClient(d.home, DaemonLauncher.sameJvm(DaemonMain.class.getName()));
        pings.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> client.send(new Request.Ping())));
      }
      java.util.Set<Long> pids = new java.util.HashSet<>();
      for (var ping : pings) {
        pids.add(ping.get(60, java.util.concurrent.TimeUnit.SECONDS).pid());
      }
      assertThat(pids).containsExactly(d.daemonPid());
    }
  }
}
