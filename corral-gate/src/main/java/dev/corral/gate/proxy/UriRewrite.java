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

  /**
   * {@code uri} made fit for a request line: a space, a control character, {@code "} and non-ASCII characters are
   * percent-encoded (a char up to U+00FF as the one byte it stands for, as request bytes are read one char per
   * byte; others as their UTF-8 bytes); the rest, {@code %} included, is kept.
   */
  static String escape(String uri) {
    StringBuilder out = null;
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      boolean bad = c <= ' ' || c == '"' || c >= 0x7f;
      if (bad && out == null) {
        out = new StringBuilder(uri.length() + 16).append(uri, 0, i);
      }
      if (out != null) {
        if (bad) {
          byte[] bytes = c <= 0xff ? new byte[] {(byte) c}
              : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          for (byte b : bytes) {
            out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
          }
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? uri : out.toString();
  }
}
