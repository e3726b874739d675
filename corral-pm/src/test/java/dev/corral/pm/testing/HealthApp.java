package dev.corral.pm.testing;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test app: waits until the file {@code args[1]} exists, then serves {@code /health} on 127.0.0.1:{@code args[0]}
 * — 200 while the file {@code args[2]} does not exist, 500 once it does (a "hung" app).
 */
public final class HealthApp {
  private HealthApp() {}

  public static void main(String[] args) throws Exception {
    Path go = Path.of(args[1]);
    Path sick = Path.of(args[2]);
    for (int i = 0; i < 600 && !Files.exists(go); i++) {
      Thread.sleep(50);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 50);
    server.createContext("/health", exchange -> {
      int code = Files.exists(sick) ? 500 : 200;
      byte[] body = (code == 200 ? "ok" : "sick").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(code, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.out.println("listening on " + args[0]);
  }

  /** argv running this app with the test JVM and class path. */
  public static java.util.List<String> command(int port, Path go, Path sick) {
    return java.util.List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), HealthApp.class.getName(), Integer.toString(port), go.toString(),
        sick.toString());
  }

  /** A free TCP port on loopback. */
  public static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
