package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests whose request line and header lines end with a bare LF are served as nginx serves them (RFC 9112 §2.2),
 * while the body's framing stays strict (MalformedRequestTest's bare-CR and chunk cases).
 */
class BareLineFeedRequestTest {
  @TempDir static Path prefix;
  private static TestBackend backend;
  private static GateHarness gate;

  @BeforeAll
  static void start() throws Exception {
    backend = new TestBackend("ok");
    gate = new GateHarness(prefix, """
        http {
          access_log off;
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://%s; } }
        }
        """.formatted(backend.address()));
  }

  @AfterAll
  static void stop() {
    gate.close();
    backend.close();
  }

  @Test
  void http10RequestWithBareLfIsProxiedWithItsHeaders() throws Exception {
    String response = gate.raw("GET /lf?a=1 HTTP/1.0\nHost: localhost\nX-Probe: bare\n\n");

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok");
    assertThat(backend.uris).contains("/lf?a=1");
    Map<String, java.util.List<String>> seen = backend.headers.get(backend.headers.size() - 1);
    assertThat(seen.get("X-probe")).containsExactly("bare");
  }

  @Test
  void bodyAfterABareLfHeadIsRelayed() throws Exception {
    String response = gate.raw("POST /echo HTTP/1.1\nHost: x\nContent-Length: 5\nConnection: close\n\nhello");

    assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nhello");
  }

  @Test
  void chunkedBodyWithCrlfFramingAfterABareLfHeadIsRelayed() throws Exception {
    String response = gate.raw("POST /echo HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\nConnection: close\n\n"
        + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("abcde");
  }

  @Test
  void mixedLineEndingsInOneHeadAreServed() throws Exception {
    String response = gate.raw("GET /mixed HTTP/1.1\r\nHost: x\nX-A: 1\r\nConnection: close\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("ok");
  }

  @Test
  void pipelinedBareLfRequestsInOneWriteAreAnsweredInOrder() throws Exception {
    String response = gate.raw("GET /p1 HTTP/1.1\nHost: x\n\nPOST /echo HTTP/1.1\nHost: x\nContent-Length: 3\n\n"
        + "two" + "GET /p3 HTTP/1.1\nHost: x\nConnection: close\n\n");

    assertThat(response.split("HTTP/1.1 200 OK", -1)).hasSize(4);
    assertThat(response).contains("\r\n\r\nok").contains("\r\n\r\ntwo").endsWith("\r\n\r\nok");
  }

  @Test
  void bareLfHeadArrivingByteByByteIsServed() throws Exception {
    byte[] request = "GET /bytewise HTTP/1.0\nHost: x\nX-Long: abcdef\n\n".getBytes(StandardCharsets.ISO_8859_1);
    try (Socket s = new Socket("127.0.0.1", gate.port)) {
      s.setSoTimeout(10_000);
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      for (byte b : request) {
        out.write(b);
        out.flush();
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      in.transferTo(got);
      assertThat(got.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ").endsWith("ok");
    }
  }
}
