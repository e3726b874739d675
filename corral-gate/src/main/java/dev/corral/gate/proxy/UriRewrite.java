package dev.corral.gate.proxy;

import dev.corral.gate.config.LocationConfig;
import dev.corral.gate.config.LocationHandler;
import dev.corral.gate.config.LocationMatch;

/** The URI sent upstream by {@code proxy_pass}, with nginx's rules. Stateless. */
final class UriRewrite {
  private UriRewrite() {}

  /**
   * With a URI in {@code proxy_pass}, the part of the path matched by a prefix location is replaced by it (an exact
   * location is replaced whole, keeping the query); without one, the client's URI is sent unchanged.
   */
  static String rewrite(LocationConfig location, LocationHandler.ProxyPass pass, String uri) {
    if (pass.uri().isEmpty()) {
      return uri;
    }
    String replacement = pass.uri().get();
    if (location.match() == LocationMatch.EXACT) {
      int q = uri.indexOf('?');
      return q < 0 ? replacement : replacement + uri.substring(q);
    }
    if (uri.startsWith(location.pattern())) {
      return replacement + uri.substring(location.pattern().length());
    }
    return uri;
  }
}
