package dev.corral.cli.pm;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The web app of the cluster-mode tests, run as a real child process: listens on 127.0.0.1:$PORT, answers
 * {@code /} with {@code <pid> <instance> <port>} ({@code ?delay=MS} first waits), and on SIGINT stops accepting,
 * lets its in-flight requests finish (up to 10 s) and exits 0, as a well-behaved app does.
 *
 * <p>A "new version" that fails is simulated by files in the working folder, read at start: {@code fail-start}
 * makes it exit 3 at once; {@code never-ready} makes it run without ever listening. {@code abrupt-stop} makes it
 * a badly behaved app that dies at once on SIGINT, cutting its in-flight requests.
 */
public final class ClusterApp {
  private ClusterApp() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (Files.exists(Path.of("fail-start"))) {
      System.err.println("fail-start present: refusing to start");
      System.exit(3);
    }
    if (Files.exists(Path.of("never-ready"))) {
      System.out.println("never-ready present: not listening");
      Thread.sleep(Long.MAX_VALUE);
    }
    int port = Integer.parseInt(System.getenv("PORT"));
    String id = ProcessHandle.current().pid() + " " + System.getenv("CORRAL_INSTANCE") + " " + port;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      String query = exchange.getRequestURI().getQuery();
      if (query != null && query.startsWith("delay=")) {
        try {
          Thread.sleep(Math.min(60_000, Long.parseLong(query.substring(6))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] body = (id + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    boolean abrupt = Files.exists(Path.of("abrupt-stop"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (abrupt) {
        Runtime.getRuntime().halt(0);
      }
      server.stop(10);
    }));
    server.start();
    System.out.println("listening on " + port + " as " + id);
  }
}
