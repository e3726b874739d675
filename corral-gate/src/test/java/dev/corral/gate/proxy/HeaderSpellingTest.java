package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headers the gate writes are spelled as nginx spells them; headers relayed from the upstream keep the
 * upstream's spelling. Read on raw sockets, since HTTP clients hide the case.
 */
class HeaderSpellingTest {
  @TempDir static Path prefix;
  private static RawBackend backend;
  private static GateHarness gate;

  @BeforeAll
  static void start() throws Exception {
    backend = new RawBackend("HTTP/1.1 200 OK\r\nserver: backend/1\r\nx-lower: a\r\nX-Mixed-CASE: b\r\n"
        + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false);
    gate = new GateHarness(prefix, """
        http {
          access_log off;
          server {
            listen 127.0.0.1:PORT;
            location / { proxy_pass http://%s; }
            location = /text { return 200 "hi"; }
            location = /moved { return 301 http://example.test/; }
            location = /gone { return 410; }
          }
        }
        """.formatted(backend.address()));
  }

  @AfterAll
  static void stop() throws Exception {
    gate.close();
    backend.close();
  }

  private static String head(String response) {
    int end = response.indexOf("\r\n\r\n");
    return end < 0 ? response : response.substring(0, end + 2);
  }

  @Test
  void returnedTextHasNginxSpelledHeaders() throws Exception {
    String head = head(gate.raw("GET /text HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));

    assertThat(head).contains("\r\nServer: corral").contains("\r\nDate: ").contains("\r\nContent-Type: text/plain\r\n")
        .contains("\r\nContent-Length: 2\r\n").contains("\r\nConnection: close\r\n");
  }

  @Test
  void redirectHasNginxSpelledLocation() throws Exception {
    String head = head(gate.raw("GET /moved HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));

    assertThat(head).startsWith("HTTP/1.1 301 ").contains("\r\nLocation: http://example.test/\r\n")
        .contains("\r\nContent-Type: text/html\r\n");
  }

  @Test
  void errorPageKeptAliveForHttp10HasNginxSpelledConnection() throws Exception {
    String head = head(gate.raw("GET /gone HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));

    assertThat(head).startsWith("HTTP/1.1 410 ").contains("\r\nConnection: keep-alive\r\n")
        .contains("\r\nContent-Length: ");
  }

  @Test
  void relayedHeadersKeepTheUpstreamsSpellingAndServerIsTheGates() throws Exception {
    String head = head(gate.raw("GET /p HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));

    assertThat(head).contains("\r\nx-lower: a\r\n").contains("\r\nX-Mixed-CASE: b\r\n")
        .contains("\r\nServer: corral").doesNotContain("backend/1")
        .contains("\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n")
        .contains("\r\nTransfer-Encoding: chunked\r\n").contains("\r\nConnection: close\r\n");
  }
}
