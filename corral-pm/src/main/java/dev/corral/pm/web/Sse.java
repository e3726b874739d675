package dev.corral.pm.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** The response head of a server-sent event stream (chunked, never cached). Stateless. */
final class Sse {
  private Sse() {}

  static void start(HttpExchange exchange) throws IOException {
    Responses.headers(exchange, "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
    exchange.sendResponseHeaders(200, 0);
  }
}
