package dev.corral.gate.proxy;

import dev.corral.gate.http.GateRequestDecoder;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A corpus of malformed and smuggling requests: each gets its error status, and the gate keeps serving. */
class MalformedRequestTest {
  @TempDir static Path prefix;
  private static TestBackend backend;
  private static GateHarness gate;

  @BeforeAll
  static void start() throws Exception {
    backend = new TestBackend("ok");
    gate = new GateHarness(prefix, """
        http {
          access_log off;
          client_max_body_size 100;
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://%s; } }
        }
        """.formatted(backend.address()));
  }

  @AfterAll
  static void stop() {
    gate.close();
    backend.close();
  }

  static Stream<Arguments> corpus() {
    List<Arguments> cases = new ArrayList<>();
    String h = "Host: x\r\n";
    cases.add(Arguments.of("garbage line", "GARBAGE\r\n\r\n", 400));
    cases.add(Arguments.of("method only", "GET\r\n\r\n", 400));
    cases.add(Arguments.of("no version", "GET /\r\n\r\n", 400));
    cases.add(Arguments.of("unknown version", "GET / HTTP/9.9\r\n" + h + "\r\n", 505));
    cases.add(Arguments.of("lowercase method", "get / HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("bad method char", "G@T / HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("space in uri", "GET /a b HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("relative uri", "GET foo HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("DEL in uri", "GET /a\u007fb HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("NUL in request line", "GET /\0 HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("uri too long", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n" + h + "\r\n", 414));
    cases.add(Arguments.of("headers too large", "GET / HTTP/1.1\r\n" + h
        + ("X-Big: " + "b".repeat(4000) + "\r\n").repeat(10) + "\r\n", 431));
    cases.add(Arguments.of("missing host", "GET / HTTP/1.1\r\n\r\n", 400));
    cases.add(Arguments.of("duplicate host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400));
    cases.add(Arguments.of("host with slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400));
    cases.add(Arguments.of("header without colon", "GET / HTTP/1.1\r\n" + h + "NoColon\r\n\r\n", 400));
    cases.add(Arguments.of("space before colon", "GET / HTTP/1.1\r\n" + h + "X-A : b\r\n\r\n", 400));
    cases.add(Arguments.of("empty header name", "GET / HTTP/1.1\r\n" + h + ": b\r\n\r\n", 400));
    for (char c : "()<>@,;\\\"/[]?={}".toCharArray()) {
      cases.add(Arguments.of("separator '" + c + "' in header name",
          "GET / HTTP/1.1\r\n" + h + "X" + c + "A: b\r\n\r\n", 400));
    }
    for (int c : new int[] {0, 1, 8, 11, 12, 14, 31, 127}) {
      cases.add(Arguments.of("control 0x" + Integer.toHexString(c) + " in header value",
          "GET / HTTP/1.1\r\n" + h + "X-A: a" + (char) c + "b\r\n\r\n", 400));
    }
    String post = "POST /echo HTTP/1.1\r\n" + h;
    cases.add(Arguments.of("content-length and chunked", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"
        + "\r\n0\r\n\r\n", 400));
    cases.add(Arguments.of("two different content-lengths", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n"
        + "hello!", 400));
    cases.add(Arguments.of("content-length list", post + "Content-Length: 1, 2\r\n\r\nab", 400));
    cases.add(Arguments.of("negative content-length", post + "Content-Length: -1\r\n\r\n", 400));
    cases.add(Arguments.of("signed content-length", post + "Content-Length: +5\r\n\r\nhello", 400));
    cases.add(Arguments.of("non-numeric content-length", post + "Content-Length: five\r\n\r\n", 400));
    cases.add(Arguments.of("unknown transfer-encoding", post + "Transfer-Encoding: gzip\r\n\r\n", 400));
    cases.add(Arguments.of("chunked not last", post + "Transfer-Encoding: chunked, gzip\r\n\r\n", 400));
    cases.add(Arguments.of("bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400));
    cases.add(Arguments.of("overflowing chunk size", post + "Transfer-Encoding: chunked\r\n\r\n"
        + "FFFFFFFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n", 400));
    cases.add(Arguments.of("body over client_max_body_size", post + "Content-Length: 101\r\n\r\n" + "x".repeat(101),
        413));
    cases.add(Arguments.of("chunked body over client_max_body_size", post + "Transfer-Encoding: chunked\r\n\r\n"
        + "64\r\n" + "x".repeat(100) + "\r\n64\r\n" + "x".repeat(100) + "\r\n0\r\n\r\n", 413));
    cases.add(Arguments.of("bare CR ending the request line", "GET / HTTP/1.1\r" + h + "\r\n", 400));
    cases.add(Arguments.of("bare-LF head, chunk size line with bare LF", post.replace("\r", "")
        + "Transfer-Encoding: chunked\n\n5\nhello\r\n0\r\n\r\n", 400));
    cases.add(Arguments.of("CR in header value", "GET / HTTP/1.1\r\n" + h + "X-A: a\rb\r\n\r\n", 400));
    cases.add(Arguments.of("chunk missing CRLF", post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", 400));
    cases.add(Arguments.of("TE with space trick", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400));
    cases.add(Arguments.of("connect method", "CONNECT x:443 HTTP/1.1\r\n" + h + "\r\n", 405));
    cases.add(Arguments.of("obs-fold with space", "GET / HTTP/1.1\r\n" + h + "X-A: a\r\n b\r\n\r\n", 400));
    cases.add(Arguments.of("obs-fold with tab", "GET / HTTP/1.1\r\n" + h + "X-A: a\r\n\tb\r\n\r\n", 400));
    cases.add(Arguments.of("obs-fold of Content-Length", post + "Content-Length:\r\n 5\r\n\r\nhello", 400));
    cases.add(Arguments.of("obs-fold of Transfer-Encoding", post + "Transfer-Encoding: gzip,\r\n chunked\r\n\r\n"
        + "0\r\n\r\n", 400));
    cases.add(Arguments.of("first header line folded", "GET / HTTP/1.1\r\n Host: x\r\n\r\n", 400));
    cases.add(Arguments.of("space before request line", " GET / HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("absolute-form with userinfo", "GET http://u@x/ HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("absolute-form without host", "GET http:///a HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("absolute-form, other scheme", "GET ftp://x/a HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("asterisk-form for GET", "GET * HTTP/1.1\r\n" + h + "\r\n", 400));
    cases.add(Arguments.of("more header fields than the limit", "GET / HTTP/1.1\r\n" + h
        + manyFields(GateRequestDecoder.MAX_HEADER_COUNT) + "\r\n", 431));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void malformedRequestGetsItsErrorAndTheGateKeepsServing(String name, String request, int status)
      throws Exception {
    String response = gate.raw(request);
    assertThat(response).as(name).startsWith("HTTP/1.1 " + status + " ");
    assertThat(response).as(name).containsIgnoringCase("connection: close");
    assertThat(gate.get("/after").statusCode()).isEqualTo(200);
  }

  private static String manyFields(int n) {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < n; i++) {
      fields.append("X-F").append(i).append(": v\r\n");
    }
    return fields.toString();
  }

  @Test
  void requestWithAsManyHeaderFieldsAsTheLimitIsServed() throws Exception {
    String response = gate.raw("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + manyFields(GateRequestDecoder.MAX_HEADER_COUNT - 2) + "\r\n");
    assertThat(response).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void corpusHasAtLeastFiftyCases() {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(50);
  }
}
