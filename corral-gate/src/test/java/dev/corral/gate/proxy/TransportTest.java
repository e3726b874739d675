package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proxy's basic paths on every transport this machine has ({@code use io_uring}, {@code use epoll}; NIO is
 * covered through {@link Transport#nio()} in {@link #nioServesToo}), since the rest of the suite runs on the default
 * one only: round robin through pooled keep-alive connections, a streamed request body, a chunked response, an
 * Upgrade tunnel's 101, and {@code listen ... reuseport}.
 */
class TransportTest {
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

  static Stream<String> nativeMethods() {
    List<String> methods = new ArrayList<>();
    if (IoUring.isAvailable()) {
      methods.add("io_uring");
    }
    if (Epoll.isAvailable()) {
      methods.add("epoll");
    }
    if (methods.isEmpty() && Boolean.parseBoolean(System.getenv("CI"))) {
      throw new IllegalStateException("no native transport loads on this CI machine (io_uring: "
          + IoUring.unavailabilityCause() + ", epoll: " + Epoll.unavailabilityCause() + ")");
    }
    return methods.stream();
  }

  private String config(String use) {
    return """
        events { use %s; }
        http {
          access_log off;
          client_max_body_size 8m;
          upstream backend { server %s; server %s; keepalive 8; }
          server {
            listen 127.0.0.1:PORT reuseport;
            location / { proxy_pass http://backend; }
          }
        }
        """.formatted(use, a.address(), b.address());
  }

  @ParameterizedTest
  @MethodSource("nativeMethods")
  void proxiesOnTheChosenTransport(String method) throws Exception {
    gate = new GateHarness(prefix, config(method));
    assertThat(gate.engine.transportName()).isEqualTo(
        System.getProperty("corral.gate.test.transport", method));
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      bodies.add(gate.get("/x").body());
    }
    assertThat(bodies).containsExactly("a", "b", "a", "b", "a", "b");
    // Six requests over at most a few pooled connections per backend, not one connection each.
    assertThat(a.clientPorts.size() + b.clientPorts.size()).isLessThan(6);

    byte[] upload = new byte[3 * 1024 * 1024 + 7];
    for (int i = 0; i < upload.length; i++) {
      upload[i] = (byte) (i * 31);
    }
    HttpResponse<byte[]> echoed = gate.client.send(HttpRequest.newBuilder(gate.uri("/echo"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(echoed.statusCode()).isEqualTo(200);
    assertThat(echoed.body()).isEqualTo(upload);

    HttpResponse<byte[]> big = gate.client.send(HttpRequest.newBuilder(gate.uri("/big/5000000")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(big.body()).hasSize(5_000_000);
  }

  @ParameterizedTest
  @MethodSource("nativeMethods")
  void aSecondGateSharesAReuseportListener(String method) throws Exception {
    gate = new GateHarness(prefix, config(method));
    GateEngine second = GateEngine.start(gate.load(config(method)), Transport.named(method),
        dev.corral.gate.log.ErrorLog.toStream(System.err, "error"),
        new dev.corral.gate.log.AccessLogWriter(dev.corral.gate.log.ErrorLog.toStream(System.err, "error")));
    try {
      assertThat(second.boundAddresses().values().iterator().next().getPort()).isEqualTo(gate.port);
      assertThat(gate.get("/x").statusCode()).isEqualTo(200);
    } finally {
      second.close();
    }
  }

  @Test
  void nioServesToo() throws Exception {
    String config = config("epoll").replace("events { use epoll; }\n", "").replace(" reuseport", "");
    gate = new GateHarness(prefix, "events { }\n" + config);
    GateEngine nio = GateEngine.start(gate.load(config.replace("PORT", Integer.toString(GateHarness.freePort()))),
        Transport.nio(), dev.corral.gate.log.ErrorLog.toStream(System.err, "error"),
        new dev.corral.gate.log.AccessLogWriter(dev.corral.gate.log.ErrorLog.toStream(System.err, "error")));
    try {
      assertThat(nio.transportName()).isEqualTo("nio");
      int port = nio.boundAddresses().values().iterator().next().getPort();
      HttpResponse<String> r = gate.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isIn("a", "b");
    } finally {
      nio.close();
    }
  }

  @Test
  void theDefaultIsTheBestAvailableAndAnUnknownMethodIsRefused() {
    String expected = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
    assertThat(Transport.forMethod(Optional.empty()).name()).isEqualTo(expected);
    assertThatThrownBy(() -> Transport.named("kqueue")).isInstanceOf(IllegalArgumentException.class);
  }
}
