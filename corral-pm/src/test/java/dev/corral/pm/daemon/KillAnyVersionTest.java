package dev.corral.pm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.corral.pm.PmException;
import dev.corral.pm.daemon.protocol.ProtocolCodec;
import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.daemon.protocol.WireJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon of an older protocol version (simulated on a real Unix socket) can still be killed. */
class KillAnyVersionTest {
  @TempDir Path dir;

  @Test
  void killIsResentInTheDaemonsVersionAndOtherCommandsReportTheMismatch() throws Exception {
    CorralHome home = new CorralHome(dir.resolve("home")).prepare();
    List<String> requests = new CopyOnWriteArrayList<>();
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(home.socket()));
      Thread old = Thread.ofVirtual().start(() -> serveAsVersion1(server, requests, 3));
      DaemonClient client = new DaemonClient(home, DaemonLauncher.sameJvm(DaemonMain.class.getName()));
      assertThatThrownBy(() -> client.send(new Request.ListInstances())).isInstanceOf(PmException.class)
          .hasMessageStartingWith("protocol version mismatch: this CLI speaks " + ProtocolCodec.VERSION
              + ", the daemon speaks 1; run 'corral kill'");
      assertThat(client.killAnyVersion().map(Reply.Instances::instances)).contains(List.of());
      old.join(10_000);
    }
    assertThat(requests).hasSize(3);
    assertThat(WireJson.asObject(WireJson.parse(requests.get(2)))).containsEntry("v", 1L).containsEntry("cmd", "kill");
  }

  /** Answers like a version-1 daemon: a version error to any other version, success to v1. */
  private static void serveAsVersion1(ServerSocketChannel server, List<String> requests, int count) {
    try {
      for (int i = 0; i < count; i++) {
        try (SocketChannel ch = server.accept();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                StandardCharsets.UTF_8));
            OutputStream out = Channels.newOutputStream(ch)) {
          String line = in.readLine();
          requests.add(line);
          boolean v1 = WireJson.num(WireJson.asObject(WireJson.parse(line)), "v") == 1;
          String reply = v1 ? "{\"v\":1,\"ok\":true,\"result\":[]}"
              : "{\"v\":1,\"ok\":false,\"code\":\"version\",\"error\":\"this daemon speaks 1\"}";
          out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
