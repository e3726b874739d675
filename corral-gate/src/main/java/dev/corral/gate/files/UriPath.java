package dev.corral.gate.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The path of a request URI as nginx maps it to a file (ngx_http_parse_complex_uri): percent-decoded, with
 * {@code //} merged, {@code .} segments dropped and {@code ..} segments removing the one before. A decoded
 * {@code %2F} is a slash and a decoded {@code %2E} a dot, so they take part in the merging like the plain
 * characters. Refused (nginx answers 400): a {@code %} not followed by two hex digits, a NUL byte (plain or
 * {@code %00}), and a {@code ..} that would climb above {@code /}. A backslash is an ordinary character, as in
 * nginx on Unix. Stateless and thread-safe.
 *
 * <p>The result never contains a {@code .} or {@code ..} segment and always starts with {@code /}, so appending it
 * to a root cannot leave the root by name (symbolic links are {@link FileLookup}'s concern).
 */
public final class UriPath {
  private UriPath() {}

  /**
   * Decodes and normalizes {@code rawPath} (a request path without its query).
   *
   * @return the normalized path, or empty when nginx refuses the URI with 400
   */
  public static Optional<String> normalize(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return Optional.empty();
    }
    ByteArrayOutputStream decoded = new ByteArrayOutputStream(rawPath.length());
    byte[] raw = rawPath.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      int b = raw[i] & 0xff;
      if (b == '%') {
        if (i + 2 >= raw.length) {
          return Optional.empty();
        }
        int hi = Character.digit(raw[i + 1], 16);
        int lo = Character.digit(raw[i + 2], 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        b = hi << 4 | lo;
        i += 2;
      }
      if (b == 0) {
        return Optional.empty();
      }
      decoded.write(b);
    }
    return merge(decoded.toString(StandardCharsets.UTF_8));
  }

  /**
   * {@code decoded} (a normalized path) escaped again for use as a request URI: a Location header, or the URI of
   * an internal redirect, which is decoded once more on arrival. {@code %}, {@code ?}, {@code #}, spaces, controls
   * and non-ASCII bytes are percent-encoded (UTF-8); the rest is kept.
   */
  public static String encode(String decoded) {
    StringBuilder out = new StringBuilder(decoded.length() + 8);
    for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= ' ' || c >= 0x7f || c == '%' || c == '?' || c == '#' || c == '"') {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  /** Merges slashes and resolves dot segments of an already decoded path. */
  private static Optional<String> merge(String path) {
    StringBuilder out = new StringBuilder(path.length());
    int i = 0;
    int n = path.length();
    while (i < n) {
      // At a slash: skip repeated ones, then read one segment.
      while (i < n && path.charAt(i) == '/') {
        i++;
      }
      int start = i;
      while (i < n && path.charAt(i) != '/') {
        i++;
      }
      String segment = path.substring(start, i);
      boolean last = i >= n;
      if (segment.equals(".")) {
        if (last) {
          out.append('/');
        }
      } else if (segment.equals("..")) {
        int cut = out.lastIndexOf("/");
        if (cut < 0) {
          return Optional.empty();
        }
        out.setLength(cut);
        if (last) {
          out.append('/');
        }
      } else if (!segment.isEmpty()) {
        out.append('/').append(segment);
      } else if (last) {
        out.append('/');
      }
    }
    if (out.isEmpty()) {
      out.append('/');
    }
    // A path whose last segment was a directory marker keeps its trailing slash, once.
    String result = out.toString();
    return Optional.of(result.endsWith("//") ? result.substring(0, result.length() - 1) : result);
  }
}
