package dev.corral.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP app for demos and tests: answers {@code GET /} with {@code hello from <instance>}.
 *
 * <p>It listens on 127.0.0.1 and the port given by the {@code PORT} environment variable (default 8080), names
 * itself after {@code CORRAL_INSTANCE} (default 0), and serves each request on a virtual thread.
 */
public final class HelloApp {
  private HelloApp() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    String instance = System.getenv().getOrDefault("CORRAL_INSTANCE", "0");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      byte[] body = ("hello from " + instance + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("hello listening on 127.0.0.1:" + port);
  }
}
