package dev.corral.gate.http;

import dev.corral.gate.config.GzipSettings;
import dev.corral.gate.config.GzipSettings.Proxied;
import dev.corral.gate.files.HttpDates;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Whether a response is sent gzip-compressed, as nginx's gzip header filter decides it, and the header changes
 * that go with it. A response qualifies when {@code gzip} is on, its status is 200, 403 or 404, it has no
 * Content-Encoding yet, its Content-Length (if any) is at least {@code gzip_min_length} and its type is in
 * {@code gzip_types}; then {@code gzip_vary} adds {@code Vary: Accept-Encoding} whatever the client accepts. It is
 * compressed when the request also passes nginx's {@code ngx_http_gzip_ok}: {@code Accept-Encoding} names gzip
 * with a non-zero q-value, the version is at least {@code gzip_http_version}, a request with {@code Via} passes
 * {@code gzip_proxied}, and the User-Agent is not disabled ({@code gzip_disable}, {@code msie6}). A compressed
 * response loses its Content-Length and Accept-Ranges, and its ETag becomes weak. Stateless.
 */
final class GzipPolicy {
  private static final AsciiString CONTENT_ENCODING = AsciiString.cached("Content-Encoding");
  private static final AsciiString VARY = AsciiString.cached("Vary");
  private static final String ACCEPT_ENCODING = "Accept-Encoding";

  private GzipPolicy() {}

  /**
   * Decides for a response with {@code status} and {@code headers} to {@code request}, and when it is compressed
   * edits {@code headers} as nginx does (Content-Encoding, no Content-Length nor Accept-Ranges, weak ETag).
   * {@code Vary} is added whenever the response qualifies and {@code gzip_vary} is on.
   *
   * @return whether the body is to be compressed
   */
  static boolean apply(GzipSettings settings, HttpRequest request, int status, HttpHeaders headers) {
    if (!settings.enabled() || (status != 200 && status != 403 && status != 404)) {
      return false;
    }
    String encoding = headers.get(CONTENT_ENCODING);
    if (encoding != null && !encoding.isEmpty()) {
      return false;
    }
    String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null && parseLength(length) < settings.minLength()) {
      return false;
    }
    if (!settings.compressesType(headers.get(HttpHeaderNames.CONTENT_TYPE))) {
      return false;
    }
    if (settings.vary()) {
      headers.add(VARY, ACCEPT_ENCODING);
    }
    if (!requestAllows(settings, request, headers)) {
      return false;
    }
    headers.set(CONTENT_ENCODING, "gzip");
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    headers.remove(HttpHeaderNames.ACCEPT_RANGES);
    weakenEtag(headers);
    return true;
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1; // an unreadable length counts as unknown, which does not hold compression back
    }
  }

  /** nginx's ngx_http_gzip_ok: the request's side of the decision. */
  static boolean requestAllows(GzipSettings settings, HttpRequest request, HttpHeaders response) {
    HttpHeaders in = request.headers();
    String accept = in.get(HttpHeaderNames.ACCEPT_ENCODING);
    if (accept == null || !acceptsGzip(accept)) {
      return false;
    }
    String agent = in.get(HttpHeaderNames.USER_AGENT);
    if (settings.disableMsie6() && agent != null && isMsie6(agent)) {
      return false;
    }
    int version = request.protocolVersion().equals(HttpVersion.HTTP_1_0) ? 10 : 11;
    if (version < settings.minVersion()) {
      return false;
    }
    if (in.contains(HttpHeaderNames.VIA) && !proxiedAllows(settings, in, response)) {
      return false;
    }
    if (agent != null) {
      List<Pattern> disable = settings.disable();
      for (int i = 0, n = disable.size(); i < n; i++) {
        if (disable.get(i).matcher(agent).find()) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code gzip_proxied} for a request that came through a proxy ({@code Via}). */
  private static boolean proxiedAllows(GzipSettings settings, HttpHeaders in, HttpHeaders response) {
    var p = settings.proxied();
    if (p.contains(Proxied.OFF)) {
      return false;
    }
    if (p.contains(Proxied.ANY)) {
      return true;
    }
    if (p.contains(Proxied.AUTH) && in.contains(HttpHeaderNames.AUTHORIZATION)) {
      return true;
    }
    String expires = response.get(HttpHeaderNames.EXPIRES);
    if (expires != null) {
      if (!p.contains(Proxied.EXPIRED)) {
        return false;
      }
      OptionalLong at = HttpDates.parse(expires);
      String dateHeader = response.get(HttpHeaderNames.DATE);
      OptionalLong now = dateHeader == null ? OptionalLong.of(System.currentTimeMillis() / 1000)
          : HttpDates.parse(dateHeader);
      return at.isPresent() && now.isPresent() && at.getAsLong() < now.getAsLong();
    }
    List<String> cacheControl = response.getAll(HttpHeaderNames.CACHE_CONTROL);
    if (!cacheControl.isEmpty()) {
      return (p.contains(Proxied.NO_CACHE) && hasToken(cacheControl, "no-cache"))
          || (p.contains(Proxied.NO_STORE) && hasToken(cacheControl, "no-store"))
          || (p.contains(Proxied.PRIVATE) && hasToken(cacheControl, "private"));
    }
    if (p.contains(Proxied.NO_LAST_MODIFIED) && response.contains(HttpHeaderNames.LAST_MODIFIED)) {
      return false;
    }
    return !(p.contains(Proxied.NO_ETAG) && response.contains(HttpHeaderNames.ETAG));
  }

  private static boolean hasToken(List<String> lines, String token) {
    for (String line : lines) {
      for (String part : line.split(",")) {
        String t = part.trim();
        int eq = t.indexOf('=');
        if ((eq < 0 ? t : t.substring(0, eq).trim()).equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code value} accepts gzip as nginx reads it: a "gzip" token (at the start or after a comma or space)
   * followed by nothing, a comma, or a q-value that is not zero.
   */
  static boolean acceptsGzip(String value) {
    if (value.startsWith("gzip,")) {
      return true;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    int at = -1;
    int from = 0;
    while (true) {
      int p = lower.indexOf("gzip", from);
      if (p < 0) {
        return false;
      }
      if (p == 0 || lower.charAt(p - 1) == ',' || lower.charAt(p - 1) == ' ') {
        at = p + 4;
        break;
      }
      from = p + 4;
    }
    int i = at;
    while (i < lower.length()) {
      char c = lower.charAt(i++);
      if (c == ',') {
        return true;
      }
      if (c == ';') {
        return quality(lower, i);
      }
      if (c != ' ') {
        return false;
      }
    }
    return true;
  }

  /** After "gzip;": {@code q=} and a value in [0, 1] with at most three decimals, not zero. */
  private static boolean quality(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    if (i >= s.length()) {
      return true;
    }
    if (s.charAt(i) != 'q') {
      return false;
    }
    i++;
    if (i + 2 > s.length() || s.charAt(i) != '=') {
      return false;
    }
    i++;
    char first = s.charAt(i++);
    if (first != '0' && first != '1') {
      return false;
    }
    int q = (first - '0') * 1000;
    if (i == s.length() || s.charAt(i) == ',' || s.charAt(i) == ' ') {
      return q > 0;
    }
    if (s.charAt(i++) != '.') {
      return false;
    }
    int digits = 0;
    int scale = 100;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == ',' || c == ' ') {
        break;
      }
      if (c < '0' || c > '9') {
        return false;
      }
      if (++digits > 3) {
        return false;
      }
      q += (c - '0') * scale;
      scale /= 10;
    }
    return q > 0 && q <= 1000;
  }

  /** nginx's MSIE 4-6 detection (not 6 with "SV1", not Opera). */
  private static boolean isMsie6(String agent) {
    int msie = agent.indexOf("MSIE ");
    if (msie < 0 || msie + 7 >= agent.length() || agent.contains("Opera")) {
      return false;
    }
    char major = agent.charAt(msie + 5);
    if (major == '4' || major == '5') {
      return true;
    }
    return major == '6' && !agent.substring(msie + 8).contains("SV1");
  }

  /** ngx_http_weak_etag: a strong ETag gets {@code W/}, a weak one stays, one not quoted is dropped. */
  private static void weakenEtag(HttpHeaders headers) {
    String etag = headers.get(HttpHeaderNames.ETAG);
    if (etag == null || etag.startsWith("W/")) {
      return;
    }
    if (etag.startsWith("\"")) {
      headers.set(HeaderNames.ETAG, "W/" + etag);
    } else {
      headers.remove(HttpHeaderNames.ETAG);
    }
  }
}
