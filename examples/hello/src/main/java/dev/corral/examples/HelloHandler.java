package dev.corral.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The routes of {@link HelloApp}:
 *
 * <ul>
 *   <li>{@code GET /} → 200 {@code hello from instance I (pid P, port N)};
 *   <li>{@code ?delay=MS} on {@code /} → the same after MS milliseconds (0 to {@link #MAX_DELAY_MS}), with a line
 *       {@code hello: answering in MS ms} on stdout when the request arrives; any other value → 400 with one line
 *       naming it;
 *   <li>{@code GET /health} → 200 {@code ok};
 *   <li>any other path → 404.
 * </ul>
 *
 * <p>Stateless after construction; safe for concurrent exchanges (each runs on its own virtual thread, so a slow
 * request blocks only itself).
 */
final class HelloHandler implements HttpHandler {
  /** The longest {@code ?delay=} accepted, so that a request cannot hold a thread for ever. */
  static final long MAX_DELAY_MS = 60_000;

  private final String greeting;

  HelloHandler(String instance, long pid, int port) {
    this.greeting = "hello from instance " + instance + " (pid " + pid + ", port " + port + ")\n";
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/health" -> reply(exchange, 200, "ok\n");
        case "/" -> hello(exchange);
        default -> reply(exchange, 404, "not found: " + path + "\n");
      }
    }
  }

  private void hello(HttpExchange exchange) throws IOException {
    Optional<String> delay = query(exchange.getRequestURI().getRawQuery(), "delay");
    if (delay.isPresent()) {
      long ms;
      try {
        ms = Long.parseLong(delay.get());
      } catch (NumberFormatException e) {
        ms = -1;
      }
      if (ms < 0 || ms > MAX_DELAY_MS) {
        reply(exchange, 400, "delay: " + delay.get() + " (expected: milliseconds, 0 to " + MAX_DELAY_MS + ")\n");
        return;
      }
      // One line per slow request, so that whoever watches the log (a test, a person) sees it is in flight.
      System.out.println("hello: answering in " + ms + " ms");
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply(exchange, 503, "interrupted\n");
        return;
      }
    }
    reply(exchange, 200, greeting);
  }

  private static Optional<String> query(String rawQuery, String name) {
    if (rawQuery == null) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return Optional.of(eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    return Optional.empty();
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
