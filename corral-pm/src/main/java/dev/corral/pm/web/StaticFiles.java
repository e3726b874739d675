package dev.corral.pm.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's files, bundled in the jar beside this class (no CDN: the dashboard works with no internet). Only the
 * files listed here are served, read once. Immutable.
 */
final class StaticFiles {
  private static final Map<String, String> TYPES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "dashboard.js", "text/javascript; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8");

  private final Map<String, byte[]> files;

  StaticFiles() {
    java.util.HashMap<String, byte[]> read = new java.util.HashMap<>();
    for (String name : TYPES.keySet()) {
      try (InputStream in = StaticFiles.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
        }
        read.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the dashboard's " + name + ": " + e.getMessage(), e);
      }
    }
    files = Map.copyOf(read);
  }

  /** Serves {@code name}; false when there is no such file. */
  boolean serve(HttpExchange exchange, String name) throws IOException {
    byte[] body = files.get(name);
    if (body == null) {
      return false;
    }
    Responses.send(exchange, 200, TYPES.get(name), body);
    return true;
  }
}
