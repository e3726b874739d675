package dev.corral.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP app for the demo, the tests and the benchmarks, with nothing of Corral in it.
 *
 * <ul>
 *   <li>Listens on 127.0.0.1 and the port in {@code PORT} (default 8080; 0 picks a free one), and prints
 *       {@code hello listening on 127.0.0.1:N} once it accepts connections.
 *   <li>Names itself after {@code CORRAL_INSTANCE}, else pm2's {@code NODE_APP_INSTANCE}, else 0. See
 *       {@link HelloHandler} for what it answers.
 *   <li>Serves each request on its own virtual thread.
 *   <li>Stops gracefully on SIGTERM or SIGINT: the listening socket closes at once, requests in flight get up to
 *       {@link #GRACE_SECONDS} seconds to finish, then the process exits with status 0.
 * </ul>
 */
public final class HelloApp {
  /** How long a stop waits for requests in flight before exiting anyway. */
  public static final int GRACE_SECONDS = 5;

  private HelloApp() {}

  /**
   * Starts the app and returns once it listens; it then runs until stopped by a signal.
   *
   * @param args ignored
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> env = System.getenv();
    int port = port(env.getOrDefault("PORT", "8080"));
    String instance = env.getOrDefault("CORRAL_INSTANCE", env.getOrDefault("NODE_APP_INSTANCE", "0"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    int bound = server.getAddress().getPort();
    HelloHandler handler = new HelloHandler(instance, ProcessHandle.current().pid(), bound);
    server.createContext("/", handler);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "hello-stop"));
    System.out.println("hello listening on 127.0.0.1:" + bound);
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, as any other bad value
    }
    System.err.println("hello: PORT: " + text + " (expected: 0 to 65535)");
    System.exit(2);
    throw new AssertionError("unreachable");
  }

  // Runs on the JVM's shutdown (SIGTERM, SIGINT). HttpServer.stop closes the listening socket and idle connections
  // at once, then waits until the exchanges in flight are done or the grace period is over.
  private static void stop(HttpServer server) {
    System.out.println("hello stopping: no new connections, waiting up to " + GRACE_SECONDS
        + " s for requests in flight");
    server.stop(GRACE_SECONDS);
    System.out.println("hello stopped");
    System.out.flush();
    // A stop asked for and done is a clean exit: status 0 rather than the JVM's 128 + signal. halt, because
    // System.exit would wait for this very hook. The hook is registered only once the server runs, so no other
    // exit path (a failed start) passes here.
    Runtime.getRuntime().halt(0);
  }
}
