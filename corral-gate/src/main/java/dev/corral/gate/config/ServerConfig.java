package dev.corral.gate.config;

import java.util.List;

/**
 * A {@code server} block: where it listens, the names it answers to, and its locations in configuration order.
 *
 * @param settings the server-level settings, used for requests no location matches
 */
public record ServerConfig(List<Listen> listens, List<String> serverNames, List<LocationConfig> locations,
    ProxySettings settings, SourcePosition position) {
  public ServerConfig {
    listens = List.copyOf(listens);
    serverNames = List.copyOf(serverNames);
    locations = List.copyOf(locations);
  }
}
