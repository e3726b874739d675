package dev.corral.gate.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code stream} block: TCP servers that relay each connection to an upstream, as nginx's stream module.
 * Immutable; {@link #NONE} when the configuration has no {@code stream} block.
 *
 * @param upstreams the stream upstreams by name, including implicit ones for {@code proxy_pass host:port}
 *     (a namespace of their own: an http upstream of the same name is another group)
 * @param servers the {@code server} blocks in file order
 */
public record StreamConfig(Map<String, UpstreamConfig> upstreams, List<StreamServer> servers) {
  /** No {@code stream} block. */
  public static final StreamConfig NONE = new StreamConfig(Map.of(), List.of());

  public StreamConfig {
    upstreams = Map.copyOf(upstreams);
    servers = List.copyOf(servers);
  }

  /** Every access log file of the stream servers, with its buffering (one entry per file). */
  public Map<Path, AccessLog> accessLogs() {
    Map<Path, AccessLog> logs = new LinkedHashMap<>();
    for (StreamServer server : servers) {
      for (AccessLog log : server.settings().logs().accessLogs()) {
        log.path().ifPresent(p -> logs.putIfAbsent(p, log));
      }
    }
    return logs;
  }
}
