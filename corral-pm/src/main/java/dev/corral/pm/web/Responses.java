package dev.corral.pm.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How every dashboard response goes out: the security headers on all of them (a strict Content-Security-Policy —
 * no inline script, nothing from another origin — no sniffing, no framing, no caching, no referrer), then the
 * body. Stateless.
 */
final class Responses {
  static final ObjectMapper JSON = new ObjectMapper();

  private Responses() {}

  static void headers(HttpExchange exchange, String contentType) {
    var h = exchange.getResponseHeaders();
    h.set("Content-Type", contentType);
    h.set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
        + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    headers(exchange, contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  static void json(HttpExchange exchange, int status, Object value) throws IOException {
    send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
  }

  /** An error as {@code {"error": "…"}}: one line, never a stack trace. */
  static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, Map.of("error", message));
  }

  static void text(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }
}
