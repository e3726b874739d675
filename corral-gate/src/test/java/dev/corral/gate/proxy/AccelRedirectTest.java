package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * X-Accel-Redirect over real HTTP: an upstream answer carrying it is replaced by an internal redirect to its URI
 * (decoded, GET) or named location, keeping nginx's six headers of the answer; unsafe URIs answer 404;
 * {@code proxy_ignore_headers X-Accel-Redirect} relays the answer instead.
 */
class AccelRedirectTest {
  @TempDir Path prefix;
  private GateHarness gate;
  private RawBackend toUri;
  private RawBackend toNamed;
  private RawBackend unsafe;

  private static RawBackend redirecting(String target) throws IOException {
    return new RawBackend("HTTP/1.1 200 OK\r\nX-Accel-Redirect: " + target + "\r\nContent-Type: text/x-kept\r\n"
        + "Set-Cookie: a=1\r\nX-Other: dropped\r\nContent-Length: 8\r\n\r\nupstream", false);
  }

  @BeforeEach
  void start() throws Exception {
    toUri = redirecting("/files/a%20b?x=1");
    toNamed = redirecting("@named");
    unsafe = redirecting("/files/%2e%2e/secret");
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT;"
        + " location /p/ { proxy_pass http://" + toUri.address() + "; }"
        + " location /n/ { proxy_pass http://" + toNamed.address() + "; }"
        + " location /u/ { proxy_pass http://" + unsafe.address() + "; }"
        + " location /i/ { proxy_pass http://" + toUri.address() + "; proxy_ignore_headers X-Accel-Redirect; }"
        + " location /files/ { return 200 \"file $uri $args $request_method\"; }"
        + " location @named { return 200 \"named $uri $upstream_http_x_accel_redirect\"; } } }");
  }

  @AfterEach
  void stop() throws IOException {
    gate.close();
    toUri.close();
    toNamed.close();
    unsafe.close();
  }

  private String request(String method, String path) throws IOException {
    return gate.raw(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Content-Length: 0\r\n\r\n");
  }

  @Test
  void aUriTargetIsServedDecodedWithGetAndTheKeptHeaders() throws Exception {
    String r = request("POST", "/p/x");
    assertThat(r).startsWith("HTTP/1.1 200").contains("Content-Type: text/x-kept").contains("Set-Cookie: a=1")
        .doesNotContain("X-Other").doesNotContain("X-Accel-Redirect").endsWith("file /files/a b x=1 GET");
  }

  @Test
  void aNamedTargetKeepsTheUriAndSeesTheUpstreamHeader() throws Exception {
    assertThat(request("GET", "/n/x")).startsWith("HTTP/1.1 200").endsWith("named /n/x @named");
  }

  @Test
  void anEscapedDotDotIsRefusedWith404() throws Exception {
    assertThat(request("GET", "/u/x")).startsWith("HTTP/1.1 404");
    assertThat(gate.errorLog()).contains("unsafe URI \"/files/%2e%2e/secret\" was detected");
  }

  @Test
  void proxyIgnoreHeadersRelaysTheAnswerItself() throws Exception {
    assertThat(request("GET", "/i/x")).startsWith("HTTP/1.1 200").endsWith("upstream");
  }
}
