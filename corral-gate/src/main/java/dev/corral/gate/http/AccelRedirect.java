package dev.corral.gate.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * nginx's {@code X-Accel-Redirect}: an upstream answer that carries it is not relayed; the request is internally
 * redirected to its value, a URI ({@code /path[?args]}, percent-decoded, with the method made GET unless HEAD) or a
 * named location ({@code @name}, the URI unchanged). The answer's {@link #KEPT} headers go on the final response.
 * A URI that could climb out of its path ({@code ..} segments, plain or escaped, a NUL) is refused as nginx's
 * {@code ngx_http_parse_unsafe_uri} refuses it. Stateless.
 */
public final class AccelRedirect {
  /** The header that asks for the redirect. */
  public static final String HEADER = "X-Accel-Redirect";
  /** The upstream headers nginx keeps on the redirected request's answer. */
  static final List<AsciiString> KEPT = Stream.of("Content-Type", "Set-Cookie", "Content-Disposition",
      "Cache-Control", "Expires", "Accept-Ranges").map(AsciiString::cached).toList();

  /** A URI target: the decoded path and the arguments as given. */
  record Target(String path, String args) {}

  private AccelRedirect() {}

  /** The kept headers of {@code upstream}, as {@link ErrorPages.Kept} lines after {@code already}. */
  static List<ErrorPages.Kept> kept(HttpHeaders upstream, List<ErrorPages.Kept> already) {
    List<ErrorPages.Kept> kept = new ArrayList<>(already);
    for (AsciiString name : KEPT) {
      List<String> values = upstream.getAll(name);
      if (!values.isEmpty()) {
        kept.add(new ErrorPages.Kept(name, List.copyOf(values)));
      }
    }
    return kept;
  }

  /** Parses a URI value; empty when it is unsafe. */
  static Optional<Target> parse(String value) {
    if (value.isEmpty() || value.charAt(0) == '?') {
      return Optional.empty();
    }
    int q = value.indexOf('?');
    String raw = q < 0 ? value : value.substring(0, q);
    String args = q < 0 ? "" : value.substring(q + 1);
    if (!safe(raw)) {
      return Optional.empty();
    }
    if (raw.indexOf('%') < 0) {
      return Optional.of(new Target(raw, args));
    }
    String decoded = unescape(raw);
    return safe(decoded) ? Optional.of(new Target(decoded, args)) : Optional.empty();
  }

  /** No NUL, and no {@code ..} segment (at the start or after a slash, followed by a slash or the end). */
  private static boolean safe(String path) {
    if (path.indexOf('\0') >= 0) {
      return false;
    }
    int n = path.length();
    for (int at = 0; at < n; at++) {
      if ((at == 0 || path.charAt(at - 1) == '/') && path.startsWith("..", at)
          && (at + 2 == n || path.charAt(at + 2) == '/')) {
        return false;
      }
    }
    return true;
  }

  /** Percent-decodes as nginx's ngx_unescape_uri: a {@code %} without two hex digits stays as it is. */
  private static String unescape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
