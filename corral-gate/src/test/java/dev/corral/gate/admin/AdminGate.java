package dev.corral.gate.admin;

import dev.corral.gate.GateOptions;
import dev.corral.gate.GateServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A real gate (GateServer, as {@code corral gate} runs it) from a config text in which {@code PORT} is a free
 * loopback port for the proxy, {@code APORT} a free one for the runtime API and {@code SOCK} a Unix socket path in
 * the prefix. The error log goes to {@code logs/error.log} under the prefix.
 */
final class AdminGate implements AutoCloseable {
  final Path prefix;
  final int port;
  final int adminPort;
  final Path socket;
  final GateServer server;
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  AdminGate(Path prefix, String config) throws IOException {
    this.prefix = prefix;
    this.port = freePort();
    this.adminPort = freePort();
    this.socket = prefix.resolve("admin.sock");
    write(config);
    server = GateServer.start(new GateOptions(prefix, GateOptions.DEFAULT_CONFIG, "",
        Optional.of("logs/error.log")), new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  /** Writes the config file (for a start or a reload). */
  void write(String config) throws IOException {
    Files.createDirectories(prefix.resolve("conf"));
    Files.writeString(prefix.resolve("conf/gate.conf"), config.replace("APORT", Integer.toString(adminPort))
        .replace("PORT", Integer.toString(port)).replace("SOCK", socket.toString()));
  }

  GateAdminClient unixClient() {
    return GateAdminClient.unixSocket(socket);
  }

  GateAdminClient loopbackClient() {
    return GateAdminClient.loopback(adminPort);
  }

  String errorLog() throws IOException {
    Path log = prefix.resolve("logs/error.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
