package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeTunnelTest {
  @TempDir Path prefix;

  /** Reads up to and including the blank line that ends an HTTP head. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** A backend that answers an upgrade with 101 and then echoes every byte back. */
  private static ServerSocket echoUpgradeBackend(List<String> heads) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        heads.add(readHead(in));
        out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] buf = new byte[1024];
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // The test closed the connection.
      }
    });
    t.setDaemon(true);
    t.start();
    return server;
  }

  @Test
  void upgradeRequestIsTunnelledBothWays() throws Exception {
    List<String> heads = new CopyOnWriteArrayList<>();
    try (ServerSocket backend = echoUpgradeBackend(heads);
        GateHarness gate = new GateHarness(prefix, """
            http { access_log off;
              server { listen 127.0.0.1:PORT; location / { proxy_pass http://127.0.0.1:%d; } }
            }
            """.formatted(backend.getLocalPort()));
        Socket client = new Socket("127.0.0.1", gate.port)) {
      client.setSoTimeout(10_000);
      OutputStream out = client.getOutputStream();
      out.write("GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = client.getInputStream();
      assertThat(readHead(in)).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: echo");
      assertThat(heads.get(0)).containsIgnoringCase("upgrade: echo").containsIgnoringCase("connection: upgrade");
      for (String word : List.of("ping", "pong", "x".repeat(5000))) {
        out.write(word.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] echoed = in.readNBytes(word.length());
        assertThat(new String(echoed, StandardCharsets.ISO_8859_1)).isEqualTo(word);
      }
    }
  }
}
