package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An absolute-form request target ({@code GET http://host/path HTTP/1.1}) is accepted, as RFC 9112 §3.2.2 requires
 * and nginx does: the host comes from the target, not from the Host header, and the upstream gets origin form.
 */
class AbsoluteFormTest {
  @TempDir static Path prefix;
  private static TestBackend backend;
  private static GateHarness gate;

  @BeforeAll
  static void start() throws Exception {
    backend = new TestBackend("app");
    gate = new GateHarness(prefix, """
        http {
          access_log off;
          server { listen 127.0.0.1:PORT default_server; server_name a.test; location / { return 200 "server a"; } }
          server {
            listen 127.0.0.1:PORT; server_name b.test;
            location / { proxy_pass http://%s; proxy_set_header Host $host; proxy_set_header X-Target $request_uri;
              proxy_set_header X-Request $request; }
          }
        }
        """.formatted(backend.address()));
  }

  @AfterAll
  static void stop() {
    gate.close();
    backend.close();
  }

  @Test
  void hostOfTheTargetChoosesTheServerOverTheHostHeader() throws Exception {
    String response = gate.raw("GET http://b.test/path?q=1 HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("app");
    assertThat(backend.uris).contains("/path?q=1");
  }

  @Test
  void upstreamGetsOriginFormAndTheTargetsHost() throws Exception {
    backend.headers.clear();
    String response = gate.raw("GET HTTP://b.test:8080/x/y HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 ");
    assertThat(backend.headers.get(0).get("Host")).containsExactly("b.test");
    assertThat(backend.headers.get(0).get("X-target")).containsExactly("/x/y");
  }

  @Test
  void targetWithoutPathMeansSlash() throws Exception {
    String response = gate.raw("GET http://a.test HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("server a");
  }

  @Test
  void http10RequestWithoutHostHeaderUsesTheTargetsHost() throws Exception {
    String response = gate.raw("GET http://b.test/ten HTTP/1.0\r\n\r\n");
    assertThat(response).matches("(?s)HTTP/1\\.1 200 .*app");
  }

  @Test
  void requestIsTheLineAsSentAndRequestUriThePathAndArguments() throws Exception {
    backend.headers.clear();
    String response = gate.raw("GET http://b.test:8080/x/y?q=1 HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 ");
    assertThat(backend.headers.get(0).get("X-target")).containsExactly("/x/y?q=1");
    assertThat(backend.headers.get(0).get("X-request")).containsExactly("GET http://b.test:8080/x/y?q=1 HTTP/1.1");
  }
}
