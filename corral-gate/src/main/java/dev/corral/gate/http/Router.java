package dev.corral.gate.http;

import dev.corral.gate.config.CaptureSink;
import dev.corral.gate.config.ServerConfig;

/**
 * What a connection needs to route its requests: the server for a listening socket and host, and the
 * {@link LocationRoute} for a path. Built once per configuration load (by the engine, which also owns the upstreams
 * and limit zones the routes use); immutable and thread-safe. A reload swaps in a new one
 * ({@link GateContext#routes}); requests in flight finish with the one they started with.
 */
public interface Router {
  /** Whether a server listens on exactly {@code key} ({@code addr:port} or {@code *:port}). */
  boolean hasKey(String key);

  /** Whether connections to {@code key} ({@code addr:port} or {@code *:port}) speak TLS ({@code listen ... ssl}). */
  boolean tls(String key);

  /** Whether connections to {@code key} speak HTTP/2 ({@code listen ... http2}): h2c with prior knowledge. */
  default boolean http2(String key) {
    return false;
  }

  /** The server answering {@code host} on socket {@code key}; null if none listens there. */
  ServerConfig server(String key, String host);

  /** {@link #server(String, String)}, the captures of a regex server name going to {@code captures}. */
  ServerConfig server(String key, String host, CaptureSink captures);

  /** The default server of socket {@code key}, whose settings apply before a request is read; may be null. */
  ServerConfig defaultServer(String key);

  /**
   * Where a request for {@code path} (without the query) on {@code server} starts: the server's entry route when
   * it has rewrite statements (they run before the location is looked up), else {@link #locationOf}.
   */
  LocationRoute location(ServerConfig server, String path);

  /**
   * The location of {@code server} for {@code path} (without the query); when none matches, the server's own
   * settings serving files (nginx uses the server level's configuration then).
   */
  LocationRoute locationOf(ServerConfig server, String path);

  /** The named location {@code name} ({@code @…}) of {@code server}, or null if it has none of that name. */
  LocationRoute named(ServerConfig server, String name);
}
