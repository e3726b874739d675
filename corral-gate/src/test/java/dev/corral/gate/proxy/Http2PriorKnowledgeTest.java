package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gate.tls.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen ... http2} on a plain port: h2c with prior knowledge, driven by a real HTTP/2 client (nghttp, from
 * Debian's nghttp2-client, which {@code .ci/run} installs). nghttp sends every URI it is given as a stream of ONE
 * connection; curl 7.88 is not used for several streams because it does not send the second request on a
 * prior-knowledge connection (seen against nginx 1.22 as well).
 */
class Http2PriorKnowledgeTest {
  @TempDir
  Path prefix;

  private static String nghttp(List<String> args) {
    TestCertificates.require("nghttp");
    List<String> command = new ArrayList<>(List.of("nghttp", "--timeout=10"));
    command.addAll(args);
    return TestCertificates.run(command, 30);
  }

  @Test
  void streamsOfOneConnectionAreEachAnsweredAndBalancedAcrossTheUpstreams() throws Exception {
    try (TestBackend a = new TestBackend("a"); TestBackend b = new TestBackend("b");
        GateHarness gate = new GateHarness(prefix, """
            http { access_log off;
              upstream app { server %s; server %s; }
              server { listen 127.0.0.1:PORT http2; location / { proxy_pass http://app; } }
            }
            """.formatted(a.address(), b.address()))) {
      List<String> args = new ArrayList<>(List.of("-v"));
      for (int i = 1; i <= 6; i++) {
        args.add("http://127.0.0.1:" + gate.port + "/item/" + i);
      }
      String out = nghttp(args);

      assertThat(count(out, "Connected")).as("one connection:\n%s", out).isEqualTo(1);
      // every stream got its own 200 HEADERS frame, and the upstreams were asked six times between them
      assertThat(count(out, ":status: 200")).as(out).isEqualTo(6);
      assertThat(a.requests.get() + b.requests.get()).isEqualTo(6);
      assertThat(a.requests.get()).as("round robin across two upstreams").isEqualTo(3);
      assertThat(a.uris).allMatch(u -> u.startsWith("/item/"));
    }
  }

  @Test
  void theGatesOwnAnswersGoOutAsStreamsAndNameTheProtocolAsNginxDoes() throws Exception {
    try (GateHarness gate = new GateHarness(prefix, """
        http { access_log off;
          server { listen 127.0.0.1:PORT http2; location / { return 200 "uri=$uri|$server_protocol|$request|"; } }
        }
        """)) {
      String out = nghttp(List.of("http://127.0.0.1:" + gate.port + "/x", "http://127.0.0.1:" + gate.port + "/y"));

      assertThat(out).contains("uri=/x|HTTP/2.0|GET /x HTTP/2.0|").contains("uri=/y|HTTP/2.0|GET /y HTTP/2.0|");
    }
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
