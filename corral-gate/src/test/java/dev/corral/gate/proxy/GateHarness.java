package dev.corral.gate.proxy;

import dev.corral.gate.config.GateConfig;
import dev.corral.gate.config.GateConfigLoader;
import dev.corral.gate.log.AccessLogWriter;
import dev.corral.gate.log.ErrorLog;
import dev.corral.limit.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts a gate on a free loopback port from a config text in which {@code PORT} stands for that port. The transport
 * is the one the configuration's {@code use} names (else the best available), unless the system property
 * {@code corral.gate.test.transport} ({@code io_uring}, {@code epoll} or {@code nio}) forces one for the whole run:
 * {@code mvn -pl corral-gate test -Dcorral.gate.test.transport=epoll}.
 */
final class GateHarness implements AutoCloseable {
  final int port;
  final GateEngine engine;
  final Path prefix;
  final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  GateHarness(Path prefix, String config) throws IOException {
    this(prefix, config, Ticker.system());
  }

  /** A gate whose balancers and limit zones read {@code ticker}. */
  GateHarness(Path prefix, String config, Ticker ticker) throws IOException {
    this.prefix = prefix;
    this.port = freePort();
    ErrorLog log = ErrorLog.toStream(new PrintStream(errors, true, StandardCharsets.UTF_8), "info");
    GateConfig loaded = load(config);
    engine = GateEngine.start(loaded, transport(loaded), log, new AccessLogWriter(log), ticker);
  }

  /** What the error log has received so far. */
  String errorLog() {
    return errors.toString(StandardCharsets.UTF_8);
  }

  private static Transport transport(GateConfig config) {
    String forced = System.getProperty("corral.gate.test.transport", "");
    if (forced.equals("nio")) {
      return Transport.nio();
    }
    return forced.isEmpty() ? Transport.forMethod(config.main().eventMethod()) : Transport.named(forced);
  }

  GateConfig load(String config) throws IOException {
    Files.writeString(prefix.resolve("gate.conf"), config.replace("PORT", Integer.toString(port)));
    return new GateConfigLoader(prefix).load(Path.of("gate.conf"), "");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Sends raw bytes on a new connection and returns everything read until the server closes or 10 s pass. */
  String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          got.write(buf, 0, n);
        }
      } catch (java.net.SocketTimeoutException e) {
        got.write("<timeout>".getBytes(StandardCharsets.ISO_8859_1));
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Override
  public void close() {
    engine.close();
  }
}
