package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code large_client_header_buffers NUMBER SIZE} as nginx: a request line longer than SIZE → 414, headers over
 * NUMBER × SIZE → 431; within the limits the request is served.
 */
class HeaderBufferLimitTest {
  @TempDir static Path prefix;
  private static GateHarness gate;

  @BeforeAll
  static void start() throws Exception {
    gate = new GateHarness(prefix, """
        http { access_log off; large_client_header_buffers 2 1k;
          server { listen 127.0.0.1:PORT; location / { return 200 ok; } } }
        """);
  }

  @AfterAll
  static void stop() {
    gate.close();
  }

  @Test
  void requestLineLongerThanOneBufferGets414() throws Exception {
    assertThat(gate.raw("GET /" + "a".repeat(1100) + " HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 414 ");
  }

  @Test
  void headersOverAllBuffersGet431() throws Exception {
    String header = "X-A: " + "b".repeat(700) + "\r\n";
    assertThat(gate.raw("GET / HTTP/1.1\r\nHost: x\r\n" + header.repeat(3) + "\r\n")).startsWith("HTTP/1.1 431 ");
  }

  @Test
  void requestWithinTheBuffersIsServed() throws Exception {
    String header = "X-A: " + "b".repeat(700) + "\r\n";
    assertThat(gate.raw("GET /" + "a".repeat(900) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + header
        + "\r\n")).startsWith("HTTP/1.1 200 ");
  }
}
