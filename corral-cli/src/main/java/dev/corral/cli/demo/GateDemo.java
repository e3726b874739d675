package dev.corral.cli.demo;

import com.sun.net.httpserver.HttpServer;
import dev.corral.gate.GateOptions;
import dev.corral.gate.GateServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** corral gate with an nginx config in front of two backends on loopback, weights 3 and 1. */
final class GateDemo implements DemoCommand.Section {
  private static final int REQUESTS = 8;
  /** What nginx's smooth weighted round robin gives for weights 3 and 1 (its cycle: a a b a). */
  private static final String NGINX_SEQUENCE = "a a b a a a b a";

  @Override
  public String title() {
    return "corral gate: an nginx config (upstream a weight=3, b weight=1) on 127.0.0.1 <- " + REQUESTS
        + " requests over real sockets";
  }

  @Override
  public void run(PrintWriter out) throws Exception {
    HttpServer a = backend("a");
    HttpServer b = backend("b");
    Path prefix = Files.createTempDirectory("corral-demo-gate");
    GateServer gate = null;
    try {
      int port = freePort();
      String config = "events { worker_connections 256; }\n"
          + "http {\n"
          + "  access_log off;\n"
          + "  upstream app {\n"
          + "    server 127.0.0.1:" + a.getAddress().getPort() + " weight=3;\n"
          + "    server 127.0.0.1:" + b.getAddress().getPort() + ";\n"
          + "    keepalive 16;\n"
          + "  }\n"
          + "  server { listen 127.0.0.1:" + port + "; location / { proxy_pass http://app; } }\n"
          + "}\n";
      Files.createDirectories(prefix.resolve("conf"));
      Files.createDirectories(prefix.resolve("logs"));
      Files.writeString(prefix.resolve(GateOptions.DEFAULT_CONFIG), config);
      ByteArrayOutputStream gateErrors = new ByteArrayOutputStream();
      gate = GateServer.start(
          new GateOptions(prefix, GateOptions.DEFAULT_CONFIG, "", Optional.of("logs/error.log")),
          new PrintStream(gateErrors, true, StandardCharsets.UTF_8));

      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(10)).build();
        answers.add(client.send(request, HttpResponse.BodyHandlers.ofString()).body().trim());
      }
      String sequence = String.join(" ", answers);
      out.printf("   answers in order: %s%n", sequence);
      if (!sequence.equals(NGINX_SEQUENCE)) {
        throw new IllegalStateException("the gate answered " + sequence + "; nginx answers " + NGINX_SEQUENCE);
      }
      out.println("   (nginx answers " + NGINX_SEQUENCE + " with this config: smooth weighted round robin, same sequence)");
    } finally {
      if (gate != null) {
        gate.stop();
      }
      a.stop(0);
      b.stop(0);
      deleteTree(prefix);
    }
  }

  private static HttpServer backend(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", exchange -> {
      byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream response = exchange.getResponseBody()) {
        response.write(body);
      }
    });
    server.start();
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
