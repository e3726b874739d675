package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream answers whose lines end with a bare LF are proxied, as nginx proxies them (client requests with a bare-LF
 * head: {@link BareLineFeedRequestTest}).
 */
class LenientUpstreamTest {
  @TempDir Path prefix;

  private HttpResponse<String> proxyOnce(String upstreamAnswer, boolean closeAfter) throws Exception {
    try (RawBackend backend = new RawBackend(upstreamAnswer, closeAfter);
        GateHarness gate = new GateHarness(prefix, """
            http {
              access_log off;
              server { listen 127.0.0.1:PORT; location / { proxy_pass http://%s; } }
            }
            """.formatted(backend.address()))) {
      return gate.get("/x");
    }
  }

  @Test
  void headerLinesEndingWithBareLfAreProxied() throws Exception {
    HttpResponse<String> r = proxyOnce("HTTP/1.1 200 OK\nX-Port: 8081\nContent-Length: 2\n\nok", false);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Port")).hasValue("8081");
    assertThat(r.body()).isEqualTo("ok");
  }

  @Test
  void bareLfAnswerWithoutLengthIsReadUntilTheUpstreamCloses() throws Exception {
    HttpResponse<String> r = proxyOnce("HTTP/1.1 200 OK\nX-Port: 8081\n\nuntil close", true);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Port")).hasValue("8081");
    assertThat(r.body()).isEqualTo("until close");
  }

  @Test
  void chunkedBodyAfterABareLfHeadIsProxied() throws Exception {
    HttpResponse<String> r = proxyOnce("HTTP/1.1 201 Created\nTransfer-Encoding: chunked\n\n"
        + "3\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\n\n", false);

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("abcde");
  }

  /**
   * The one place left strict: Netty checks chunk-size lines for CRLF whatever the decoder's configuration (its fix
   * for chunk-extension smuggling). The head has gone out by then, so the client connection is closed without the
   * last chunk (the client sees a truncated body, as with any upstream that fails mid-body) and the error log says
   * why. nginx would accept these lines.
   */
  @Test
  void chunkSizeLinesEndingWithBareLfAreStillRefused() throws Exception {
    try (RawBackend backend = new RawBackend("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n", false);
        GateHarness gate = new GateHarness(prefix, """
            http {
              access_log off;
              server { listen 127.0.0.1:PORT; location / { proxy_pass http://%s; } }
            }
            """.formatted(backend.address()))) {
      String answer = gate.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(answer).startsWith("HTTP/1.1 200 OK").doesNotContain("abc").doesNotEndWith("0\r\n\r\n");
      assertThat(gate.errors.toString()).contains("upstream sent invalid response").contains("chunk header");
    }
  }

  @Test
  void mixedLineEndingsInOneHeadAreProxied() throws Exception {
    HttpResponse<String> r = proxyOnce("HTTP/1.1 200 OK\r\nX-A: 1\nContent-Length: 1\r\n\nz", false);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-A")).hasValue("1");
    assertThat(r.body()).isEqualTo("z");
  }
}
