package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches the upstream with {@code proxy_pass_request_headers}, {@code proxy_pass_request_body},
 * {@code proxy_set_body} and {@code proxy_method}, over real HTTP (inheritance included).
 */
class UpstreamRequestTest {
  @TempDir Path prefix;
  private TestBackend echo;
  private RawBackend raw;
  private GateHarness gate;

  @AfterEach
  void stop() throws Exception {
    if (gate != null) {
      gate.close();
    }
    if (echo != null) {
      echo.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  private void start(String server) throws Exception {
    echo = new TestBackend("app");
    raw = new RawBackend("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
    gate = new GateHarness(prefix, "http { access_log off; server { listen 127.0.0.1:PORT; "
        + server.replace("ECHO", echo.address()).replace("RAW", raw.address()) + " } }");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return gate.client.send(HttpRequest.newBuilder(gate.uri(path)).timeout(Duration.ofSeconds(30))
        .header("X-Custom", "client").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutRequestHeadersOnlyTheSetHeadersAndTheBodysFramingGoUp() throws Exception {
    start("proxy_pass_request_headers off; location / { proxy_pass http://RAW; proxy_set_header X-Set yes; }\n"
        + "location /echo { proxy_pass http://ECHO; }");
    assertThat(post("/x", "payload").body()).isEqualTo("ok");
    String head = raw.heads.get(0).toLowerCase();
    assertThat(head).doesNotContain("x-custom").contains("x-set: yes").contains("content-length: 7")
        .contains("host: ");
    assertThat(post("/echo", "payload").body()).as("the body still goes up").isEqualTo("payload");
    assertThat(echo.headers.get(0)).doesNotContainKey("X-custom");
  }

  @Test
  void withoutRequestBodyNoneGoesUpAndTheConnectionServesTheNextRequest() throws Exception {
    start("location / { proxy_pass http://ECHO; proxy_pass_request_body off; }");
    assertThat(post("/echo", "payload").body()).isEmpty();
    assertThat(echo.headers.get(0)).containsKey("X-custom").doesNotContainKey("Content-length");
    String two = gate.raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
        + "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(two.split("HTTP/1.1 200 ", -1)).hasSize(3);
  }

  @Test
  void setBodySendsItsValueWithItsLengthInsteadOfTheClients() throws Exception {
    start("location / { proxy_pass http://ECHO; proxy_set_body \"from=$arg_from&method=$request_method\"; }");
    assertThat(post("/echo?from=gate", "ignored").body()).isEqualTo("from=gate&method=POST");
    assertThat(echo.headers.get(0).get("Content-length")).containsExactly("21");
  }

  @Test
  void proxyMethodReplacesTheMethodAndIsInherited() throws Exception {
    start("proxy_method PUT; location / { proxy_pass http://RAW; }\n"
        + "location /own { proxy_method OPTIONS; proxy_pass http://RAW; }");
    assertThat(gate.get("/x").body()).isEqualTo("ok");
    assertThat(gate.get("/own").body()).isEqualTo("ok");
    assertThat(raw.heads.get(0)).startsWith("PUT /x HTTP/1.1");
    assertThat(raw.heads.get(1)).startsWith("OPTIONS /own HTTP/1.1");
  }
}
