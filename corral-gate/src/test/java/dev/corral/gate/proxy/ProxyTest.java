package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyTest {
  @TempDir Path prefix;
  private TestBackend a;
  private TestBackend b;
  private GateHarness gate;

  @BeforeEach
  void backends() throws Exception {
    a = new TestBackend("a");
    b = new TestBackend("b");
  }

  @AfterEach
  void stop() {
    if (gate != null) {
      gate.close();
    }
    a.close();
    b.close();
  }

  private void start(String locationBody) throws Exception {
    gate = new GateHarness(prefix, """
        http {
          access_log off;
          upstream backend { server %s; server %s; keepalive 8; }
          server {
            listen 127.0.0.1:PORT;
            location / { proxy_pass http://backend; %s }
            location = /hello { return 200 "hello\\n"; }
          }
        }
        """.formatted(a.address(), b.address(), locationBody));
  }

  @Test
  void proxiesGetAndBalancesRoundRobin() throws Exception {
    start("");
    assertThat(gate.get("/x").body()).isEqualTo("a");
    assertThat(gate.get("/x").body()).isEqualTo("b");
    assertThat(gate.get("/x").statusCode()).isEqualTo(200);
  }

  @Test
  void returnLocationAnswersWithoutUpstream() throws Exception {
    start("");
    HttpResponse<String> r = gate.get("/hello");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello\n");
    assertThat(a.requests.get() + b.requests.get()).isZero();
  }

  @Test
  void requestBodyStreamsThroughBothWays() throws Exception {
    start("client_max_body_size 0;");
    byte[] body = new byte[3 * 1024 * 1024 + 7];
    new Random(1).nextBytes(body);
    HttpResponse<byte[]> r = gate.client.send(HttpRequest.newBuilder(gate.uri("/echo"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  void chunkedRequestBodyIsForwarded() throws Exception {
    start("");
    String response = gate.raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
        + "\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200").endsWith("hello world");
  }

  @Test
  void largeChunkedResponseStreams() throws Exception {
    start("");
    HttpResponse<byte[]> r = gate.client.send(HttpRequest.newBuilder(gate.uri("/big/10000000"))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(10_000_000);
  }

  @Test
  void setsNginxProxyHeaders() throws Exception {
    start("proxy_set_header X-Real-IP $remote_addr; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"
        + " proxy_set_header Host $host;");
    gate.client.send(HttpRequest.newBuilder(gate.uri("/h")).header("X-Forwarded-For", "10.1.1.1").build(),
        HttpResponse.BodyHandlers.ofString());
    var headers = a.headers.get(0);
    assertThat(headers.get("X-real-ip")).containsExactly("127.0.0.1");
    assertThat(headers.get("X-forwarded-for")).containsExactly("10.1.1.1, 127.0.0.1");
    assertThat(headers.get("Host")).containsExactly("127.0.0.1");
  }

  @Test
  void defaultHostIsTheUpstreamNameAndHopByHopHeadersAreDropped() throws Exception {
    start("");
    gate.raw("GET /h HTTP/1.1\r\nHost: client.example\r\nConnection: close, X-Secret\r\nX-Secret: s\r\n"
        + "Keep-Alive: 5\r\nTE: trailers\r\nX-Kept: k\r\n\r\n");
    var headers = a.headers.get(0);
    assertThat(headers.get("Host")).containsExactly("backend");
    assertThat(headers).doesNotContainKeys("X-secret", "Keep-alive", "Te");
    assertThat(headers.get("X-kept")).containsExactly("k");
  }

  @Test
  void upstreamConnectionsAreReusedWithKeepalive() throws Exception {
    start("");
    for (int i = 0; i < 20; i++) {
      assertThat(gate.get("/k").statusCode()).isEqualTo(200);
    }
    assertThat(a.requests.get()).isEqualTo(10);
    assertThat(a.clientPorts).hasSizeLessThan(3);
  }

  @Test
  void anUpstreamConnectionOlderThanKeepaliveTimeIsClosedAfterItsRequest() throws Exception {
    gate = new GateHarness(prefix, """
        http { access_log off;
          upstream backend { server %s; keepalive 8; keepalive_time 0; }
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://backend; } }
        }
        """.formatted(a.address()));
    for (int i = 0; i < 4; i++) {
      assertThat(gate.get("/t" + i).statusCode()).isEqualTo(200);
    }
    // keepalive_time 0: every connection is past it when its request ends, so none goes back to the pool
    assertThat(a.clientPorts).hasSize(4).doesNotHaveDuplicates();
  }

  @Test
  void idleUpstreamConnectionsAreClosedAfterTheUpstreamKeepaliveTimeout() throws Exception {
    gate = new GateHarness(prefix, """
        http { access_log off;
          upstream backend { server %s; keepalive 8; keepalive_timeout 200ms; }
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://backend; } }
        }
        """.formatted(a.address()));
    assertThat(gate.get("/k1").statusCode()).isEqualTo(200);
    assertThat(gate.get("/k2").statusCode()).isEqualTo(200);
    assertThat(a.clientPorts).hasSize(1);
    Thread.sleep(1000); // several timeouts: the pool's sweep must have closed the idle connection
    assertThat(gate.get("/k3").statusCode()).isEqualTo(200);
    assertThat(a.clientPorts).hasSize(2);
  }

  @Test
  void proxyPassWithUriReplacesTheMatchedPrefix() throws Exception {
    gate = new GateHarness(prefix, """
        http { access_log off;
          server { listen 127.0.0.1:PORT;
            location /api/ { proxy_pass http://%s/v2/; }
          }
        }
        """.formatted(a.address()));
    gate.get("/api/users?id=3");
    assertThat(a.uris).containsExactly("/v2/users?id=3");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    start("");
    String response = gate.raw("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(response.split("HTTP/1.1 200", -1)).hasSize(4);
    assertThat(response.indexOf("\r\n\r\na")).isLessThan(response.indexOf("hello\n"));
    assertThat(response.indexOf("hello\n")).isLessThan(response.lastIndexOf("\r\n\r\nb"));
  }

  @Test
  void headRequestGetsHeadersOnly() throws Exception {
    start("");
    String response = gate.raw("HEAD /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
  }

  @Test
  void aHeadThenAGetReuseOneUpstreamConnectionAndEachGetsItsFraming() throws Exception {
    gate = new GateHarness(prefix, """
        http {
          access_log off;
          upstream backend { server %s; keepalive 8; }
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://backend; } }
        }
        """.formatted(a.address()));
    // The HEAD's response announces a body it does not carry: the upstream decoder must not wait for it, and the
    // GET after it on the same pooled connection must get its body.
    String response = gate.raw("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\nGET /x HTTP/1.1\r\nHost: x\r\n\r\n"
        + "HEAD /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(response.split("HTTP/1.1 200", -1)).hasSize(4);
    assertThat(response).doesNotContain("<timeout>").contains("\r\n\r\na");
    assertThat(a.clientPorts).hasSize(1);
  }

  @Test
  void idleKeepAliveConnectionIsClosedAfterKeepaliveTimeout() throws Exception {
    gate = new GateHarness(prefix, """
        http { access_log off; keepalive_timeout 300ms;
          server { listen 127.0.0.1:PORT; location / { return 200 ok; } }
        }
        """);
    String response = gate.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200").doesNotContain("<timeout>");
  }

  @Test
  void expectContinueGetsContinueBeforeTheBodyIsSent() throws Exception {
    start("");
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", gate.port)) {
      s.setSoTimeout(10_000);
      var out = s.getOutputStream();
      out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
          + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      byte[] interim = new byte[25];
      int n = s.getInputStream().readNBytes(interim, 0, interim.length);
      assertThat(new String(interim, 0, n, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      out.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      String rest = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(rest).startsWith("HTTP/1.1 200").endsWith("hello");
    }
  }

  @Test
  void http10ClientGetsTheResponseAndAClose() throws Exception {
    start("");
    String response = gate.raw("GET /x HTTP/1.0\r\n\r\n");
    assertThat(response).as("nginx writes HTTP/1.1 in its status line to any client")
        .startsWith("HTTP/1.1 200").containsIgnoringCase("Connection: close").endsWith("a");
  }

  @Test
  void http10ClientThatAsksForKeepAliveGetsItOnAnHttp11StatusLine() throws Exception {
    start("");
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", gate.port)) {
      s.setSoTimeout(10_000);
      java.io.OutputStream out = s.getOutputStream();
      java.io.InputStream in = s.getInputStream();
      for (String path : List.of("/x", "/hello")) {
        out.write(("GET " + path + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("Connection: keep-alive");
        int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        assertThat(in.readNBytes(length)).hasSize(length);
      }
    }
  }

  @Test
  void http10ClientGetsLocalAnswersAndErrorsOnAnHttp11StatusLine() throws Exception {
    start("");
    assertThat(gate.raw("GET /hello HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hello\n");
    assertThat(gate.raw("GET /x HTTP/1.0\r\nContent-Length: 99999999999\r\n\r\n")).startsWith("HTTP/1.1 413 ");
    assertThat(gate.raw("GET /x HTTP/1.0\r\nno colon here\r\n\r\n")).startsWith("HTTP/1.1 400 ");
  }

  private static String readHead(java.io.InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    return head.toString();
  }

  @Test
  void stalledRequestBodyIsClosedWithoutAnAnswerAndLogged408AfterClientBodyTimeout() throws Exception {
    gate = new GateHarness(prefix, """
        http { log_format st '$status $request'; access_log logs/body.log st; client_body_timeout 300ms;
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://%s; } }
        }
        """.formatted(a.address()));
    String response = gate.raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    assertThat(response).as("nginx terminates the request: no response, a close").isEmpty();
    gate.engine.reopenLogs();
    assertThat(java.nio.file.Files.readString(prefix.resolve("logs/body.log")))
        .isEqualTo("408 POST /echo HTTP/1.1\n");
    assertThat(gate.errors.toString(StandardCharsets.UTF_8)).contains("client timed out");
  }

  @Test
  void stalledUpstreamResponseGets504AfterReadTimeoutEvenOnAKeptAliveConnection() throws Exception {
    // One server: a single-server upstream is never marked failed, so the next request goes through.
    gate = new GateHarness(prefix, """
        http { access_log off;
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://%s; proxy_read_timeout 300ms; } }
        }
        """.formatted(a.address()));
    assertThat(gate.get("/fast").statusCode()).isEqualTo(200);
    assertThat(gate.get("/slow").statusCode()).isEqualTo(504);
    assertThat(gate.get("/fast").statusCode()).isEqualTo(200);
  }

  @Test
  void connectionsBeyondWorkerConnectionsAreClosed() throws Exception {
    gate = new GateHarness(prefix, """
        worker_processes 1;
        events { worker_connections 2; }
        http { access_log off; server { listen 127.0.0.1:PORT; location / { return 200 ok; } } }
        """);
    try (java.net.Socket one = new java.net.Socket("127.0.0.1", gate.port);
        java.net.Socket two = new java.net.Socket("127.0.0.1", gate.port)) {
      for (java.net.Socket s : List.of(one, two)) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(s.getInputStream().readNBytes(15), StandardCharsets.US_ASCII))
            .isEqualTo("HTTP/1.1 200 OK");
      }
      String third;
      try {
        third = gate.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      } catch (java.net.SocketException reset) {
        third = "";
      }
      assertThat(third).as("the third connection is closed without an answer").isEmpty();
    }
    assertThat(gate.errors.toString()).contains("worker_connections are not enough");
  }
}
