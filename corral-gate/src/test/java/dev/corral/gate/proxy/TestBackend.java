package dev.corral.gate.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP backend on 127.0.0.1 (JDK HttpServer): {@code /echo} returns the request body,
 * {@code /status/N} answers N, {@code /slow} waits 3 s, {@code /big/N} streams N bytes chunked, anything else
 * answers its name. Records each request's headers and the client ports used.
 */
final class TestBackend implements AutoCloseable {
  final String name;
  final HttpServer server;
  final AtomicInteger requests = new AtomicInteger();
  final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
  final List<String> uris = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  TestBackend(String name) throws IOException {
    this.name = name;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    clientPorts.add(exchange.getRemoteAddress().getPort());
    headers.add(Map.copyOf(exchange.getRequestHeaders()));
    String path = exchange.getRequestURI().getPath();
    uris.add(exchange.getRequestURI().toString());
    try (exchange) {
      if (path.startsWith("/echo")) {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
          exchange.getResponseBody().write(body);
        }
      } else if (path.startsWith("/status/")) {
        exchange.getRequestBody().readAllBytes();
        int status = Integer.parseInt(path.substring("/status/".length()));
        byte[] body = (name + " " + status).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
      } else if (path.startsWith("/slow")) {
        exchange.getRequestBody().readAllBytes();
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(200, -1);
      } else if (path.startsWith("/big/")) {
        long n = Long.parseLong(path.substring("/big/".length()));
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        byte[] block = new byte[64 * 1024];
        for (long sent = 0; sent < n; sent += block.length) {
          out.write(block, 0, (int) Math.min(block.length, n - sent));
        }
      } else {
        exchange.getRequestBody().readAllBytes();
        byte[] body = name.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
