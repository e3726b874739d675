package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** System errors are logged in nginx's words: the errno, its text, and the request's context. */
class NginxErrorWordingTest {
  @TempDir Path prefix;

  @Test
  void refusedUpstreamConnectionIsLoggedAsNginxLogsIt() throws Exception {
    int dead = GateHarness.freePort();
    try (GateHarness gate = new GateHarness(prefix, """
        http {
          access_log off;
          server {
            listen 127.0.0.1:PORT;
            server_name example.test;
            location / { proxy_pass http://127.0.0.1:%d; }
          }
        }
        """.formatted(dead))) {
      assertThat(gate.raw("GET /a?b=1 HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 502 ");

      assertThat(gate.errors.toString(StandardCharsets.UTF_8)).contains("[error] ").contains(
          "connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, "
              + "server: example.test, request: \"GET /a?b=1 HTTP/1.1\", upstream: \"http://127.0.0.1:" + dead
              + "/a?b=1\", host: \"example.test\"");
    }
  }

  @Test
  void portInUseIsReportedAsNginxReportsIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      String config = "http { access_log off; server { listen 127.0.0.1:" + taken.getLocalPort()
          + "; location / { return 200; } } }";

      assertThatThrownBy(() -> new GateHarness(prefix, config).close()).isInstanceOf(GateStartException.class)
          .hasMessage("bind() to 127.0.0.1:" + taken.getLocalPort() + " failed (98: Address already in use)");
    }
  }
}
