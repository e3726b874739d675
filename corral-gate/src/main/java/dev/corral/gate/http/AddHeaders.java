package dev.corral.gate.http;

import dev.corral.gate.config.AddHeader;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Applies a level's {@code add_header} lines to a response head about to be written, as nginx's headers filter:
 * only for nginx's list of statuses unless {@code always}, values rendered for the request (so {@code $status}
 * and {@code $upstream_http_NAME} are the response's), an empty value adds nothing, and {@code ETag} /
 * {@code Last-Modified} replace the response's own instead of adding a second (an empty one removes it). Stateless.
 */
final class AddHeaders {
  private AddHeaders() {}

  /** Adds {@code lines} to {@code headers} of a response with {@code status} to {@code request}. */
  static void apply(HttpHeaders headers, int status, List<AddHeader> lines, RequestContext request) {
    if (request.rateLimitFields != null) {
      request.rateLimitFields.write(headers);
    }
    if (lines.isEmpty()) {
      return;
    }
    boolean safe = AddHeader.safeStatus(status);
    for (int i = 0, n = lines.size(); i < n; i++) {
      AddHeader line = lines.get(i);
      if (!safe && !line.always()) {
        continue;
      }
      String value = oneLine(line.value().render(request));
      boolean replaces = HttpHeaderNames.ETAG.contentEqualsIgnoreCase(line.name())
          || HttpHeaderNames.LAST_MODIFIED.contentEqualsIgnoreCase(line.name());
      if (value.isEmpty()) {
        if (replaces) {
          // nginx: an empty ETag or Last-Modified line clears the response's own.
          headers.remove(line.name());
        }
        continue;
      }
      if (replaces) {
        headers.set(line.name(), value);
      } else {
        headers.add(line.name(), value);
      }
    }
  }

  /**
   * {@code value} as one header line: nginx writes a configured value's bytes as they are, so an {@code "…\n"} in
   * the configuration ends the line early; the gate cannot write a line break inside a header (Netty refuses it,
   * rightly), so trailing CR/LF are dropped and inner ones (and NUL) become spaces.
   */
  static String oneLine(String value) {
    int end = value.length();
    while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
      end--;
    }
    String v = end == value.length() ? value : value.substring(0, end);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\n' || c == '\r' || c == 0) {
        return v.replace('\n', ' ').replace('\r', ' ').replace('\0', ' ');
      }
    }
    return v;
  }
}
