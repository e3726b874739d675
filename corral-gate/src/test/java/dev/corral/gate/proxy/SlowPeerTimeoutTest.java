package dev.corral.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeouts that protect the gate from a slow peer: {@code client_header_timeout} (a client that never
 * finishes its header), {@code send_timeout} (a client that stops reading the response) and
 * {@code proxy_send_timeout} (an upstream that stops reading the request body).
 */
class SlowPeerTimeoutTest {
  @TempDir Path prefix;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  private GateHarness gate(String config) throws IOException {
    GateHarness gate = new GateHarness(prefix, config);
    resources.add(gate);
    return gate;
  }

  private String errors(GateHarness gate) {
    return gate.errors.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unfinishedHeaderIsClosedAfterClientHeaderTimeoutWithoutAnAnswer() throws Exception {
    GateHarness gate = gate("""
        http { access_log off; client_header_timeout 300ms;
          server { listen 127.0.0.1:PORT; location / { return 200 ok; } } }
        """);
    String response = gate.raw("GET / HTTP/1.1\r\nHost: x\r\n");
    assertThat(response).as("closed by the gate, as nginx: no answer").isEmpty();
    assertThat(gate.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void clientThatStopsReadingIsDisconnectedAfterSendTimeout() throws Exception {
    TestBackend backend = new TestBackend("big");
    resources.add(backend);
    long size = 1L << 30;
    GateHarness gate = gate("""
        http { access_log off; send_timeout 300ms;
          server { listen 127.0.0.1:PORT; location / { proxy_pass http://%s; } } }
        """.formatted(backend.address()));
    long received = 0;
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new java.net.InetSocketAddress("127.0.0.1", gate.port));
      s.setSoTimeout(20_000);
      s.getOutputStream().write(("GET /big/" + size + " HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      waitFor(() -> errors(gate).contains("client timed out while sending response to client"));
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          received += n;
        }
      } catch (SocketException reset) {
        // the gate aborted the connection: also an end
      }
    }
    assertThat(received).as("the response was cut").isLessThan(size);
    assertThat(gate.get("/small").statusCode()).isEqualTo(200);
  }

  @Test
  void upstreamThatStopsReadingTheBodyGives504AfterProxySendTimeout() throws Exception {
    ServerSocket deaf = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    resources.add(deaf);
    List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread acceptor = Thread.ofVirtual().start(() -> {
      try {
        while (true) {
          Socket s = deaf.accept();
          s.setReceiveBufferSize(4096);
          accepted.add(s); // never read
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
    resources.add(() -> {
      for (Socket s : accepted) {
        s.close();
      }
      acceptor.interrupt();
    });
    GateHarness gate = gate("""
        http { access_log off; client_max_body_size 0;
          server { listen 127.0.0.1:PORT;
            location / { proxy_pass http://127.0.0.1:%d; proxy_send_timeout 300ms; proxy_read_timeout 60s; } } }
        """.formatted(deaf.getLocalPort()));
    long size = 1L << 30;
    try (Socket s = new Socket("127.0.0.1", gate.port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
        byte[] block = new byte[64 * 1024];
        try {
          out.write(("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          for (long sent = 0; sent < size; sent += block.length) {
            out.write(block);
          }
        } catch (IOException stopped) {
          // the gate answered and closed
        }
      }, r -> Thread.ofVirtual().start(r));
      byte[] head = new byte[12];
      int n = s.getInputStream().readNBytes(head, 0, head.length);
      assertThat(new String(head, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 504");
      s.close();
      upload.join();
    }
    assertThat(errors(gate)).contains("upstream timed out while sending request to upstream");
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 400 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 20 s").isTrue();
  }
}
