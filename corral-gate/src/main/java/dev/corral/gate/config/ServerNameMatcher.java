package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Picks the server block for a request among those sharing one listening socket, in nginx's order: an exact
 * name, then the longest leading wildcard ({@code *.example.com}, or {@code .example.com} which also matches
 * {@code example.com}), then the longest trailing wildcard ({@code www.*}), then the first matching regex
 * ({@code ~...}, case-insensitive), whose captures ({@code $1}…, and named groups as variables) go to the
 * request's {@link CaptureSink}; otherwise the {@code default_server}, or the first server listed for the socket.
 * Immutable and thread-safe.
 */
public final class ServerNameMatcher {
  private final List<ServerConfig> servers;
  private final ServerConfig defaultServer;
  private final List<Map.Entry<CaptureRegex, ServerConfig>> regexNames = new ArrayList<>();

  /** A matcher for the servers on the socket {@code bindKey} (as {@link Listen#bindKey()}), in config order. */
  public ServerNameMatcher(List<ServerConfig> servers, String bindKey) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("servers: [] (expected: at least one server)");
    }
    this.servers = List.copyOf(servers);
    this.defaultServer = servers.stream()
        .filter(s -> s.listens().stream().anyMatch(l -> l.bindKey().equals(bindKey) && l.defaultServer()))
        .findFirst().orElse(servers.get(0));
    for (ServerConfig server : servers) {
      for (CaptureRegex regex : server.nameRegexes()) {
        regexNames.add(Map.entry(regex, server));
      }
    }
  }

  /** The server for the request's host (the Host header without port; may be empty). */
  public ServerConfig match(String host) {
    return match(host, (regex, matcher) -> { });
  }

  /**
   * {@link #match(String)}, giving the groups of the regex name that chose the server to {@code captures}. A
   * single server on the socket is chosen without looking at the host, so its regex captures nothing; nginx
   * does the same.
   */
  public ServerConfig match(String host, CaptureSink captures) {
    if (servers.size() == 1) {
      return defaultServer;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    for (ServerConfig server : servers) {
      for (String candidate : server.serverNames()) {
        if (candidate.equalsIgnoreCase(name)) {
          return server;
        }
      }
    }
    ServerConfig best = null;
    int bestLength = -1;
    for (ServerConfig server : servers) {
      for (String candidate : server.serverNames()) {
        String c = candidate.toLowerCase(Locale.ROOT);
        String suffix = c.startsWith("*.") ? c.substring(1) : c.startsWith(".") ? c : null;
        if (suffix != null && c.length() > bestLength
            && (name.endsWith(suffix) || (c.startsWith(".") && name.equals(c.substring(1))))) {
          best = server;
          bestLength = c.length();
        }
      }
    }
    if (best != null) {
      return best;
    }
    for (ServerConfig server : servers) {
      for (String candidate : server.serverNames()) {
        String c = candidate.toLowerCase(Locale.ROOT);
        if (c.endsWith(".*") && c.length() > bestLength && name.startsWith(c.substring(0, c.length() - 1))) {
          best = server;
          bestLength = c.length();
        }
      }
    }
    if (best != null) {
      return best;
    }
    for (Map.Entry<CaptureRegex, ServerConfig> regex : regexNames) {
      Matcher m = regex.getKey().pattern().matcher(name);
      if (m.find()) {
        captures.captured(regex.getKey(), m);
        return regex.getValue();
      }
    }
    return defaultServer;
  }
}
