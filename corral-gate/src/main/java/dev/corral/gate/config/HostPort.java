package dev.corral.gate.config;

import java.util.Optional;

/** A host (name, IPv4 or bracketed IPv6) and a port, as written in {@code listen}, {@code server} or a URL. */
record HostPort(String host, int port, boolean portGiven) {
  /** Parses {@code host}, {@code host:port}, {@code [v6]:port} or a bare port ({@code port} only when allowed). */
  static Optional<HostPort> parse(Directive d, String text, int defaultPort) {
    String host;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return Optional.empty();
        }
        port = rest.substring(1);
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0) {
        host = text.substring(0, colon);
        port = text.substring(colon + 1);
      } else {
        host = text;
      }
    }
    if (host.isEmpty() || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-'
        || c == '_' || c == ':' || c == '*')) {
      return Optional.empty();
    }
    if (port == null) {
      return Optional.of(new HostPort(host, defaultPort, false));
    }
    return Optional.of(new HostPort(host, Values.integer(d, port, 1, 65535), true));
  }
}
