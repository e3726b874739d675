package dev.corral.pm.web;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use the dashboard, checked on every request before any route runs:
 *
 * <ul>
 *   <li><b>Token</b> (when the settings have one, i.e. always off loopback): an {@code Authorization: Bearer} header
 *       (for Prometheus), the {@value #COOKIE} cookie (for the page: {@code /?token=…} sets it, HttpOnly and
 *       SameSite=Strict, then redirects so the token leaves the address bar), compared in constant time.</li>
 *   <li><b>Host</b> (without a token): the {@code Host} header must name a loopback address or {@code localhost},
 *       so a web page whose name was rebound to 127.0.0.1 (DNS rebinding) cannot read the dashboard.</li>
 *   <li><b>State changes</b> are POSTs that carry the CSRF token of this server's run in {@value #CSRF_HEADER}
 *       (the page reads it from {@code /api/session}, which another origin cannot read), whose {@code Origin}, when
 *       sent, is this server's, and whose {@code Sec-Fetch-Site}, when sent, is {@code same-origin}.</li>
 * </ul>
 *
 * Immutable and thread-safe.
 */
final class Access {
  static final String COOKIE = "corral_dashboard";
  static final String CSRF_HEADER = "X-Corral-CSRF";

  /** A refusal: the status and one line. */
  record Refusal(int status, String reason) {}

  private final Optional<byte[]> token;
  private final String csrf;

  Access(Optional<String> token) {
    this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.csrf = HexFormat.of().formatHex(random);
  }

  /** The CSRF token of this run. */
  String csrf() {
    return csrf;
  }

  /** Whether {@code /?token=…} carries the right token (the page's first visit). */
  boolean tokenInQuery(HttpExchange exchange) {
    return token.isPresent() && query(exchange.getRequestURI(), "token").map(this::tokenMatches).orElse(false);
  }

  /** The cookie that holds the token for the page. */
  String tokenCookie() {
    return COOKIE + "=" + new String(token.orElseThrow(), StandardCharsets.UTF_8)
        + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** Why this request may not be read, if it may not. */
  Optional<Refusal> checkRead(HttpExchange exchange) {
    if (token.isPresent()) {
      Optional<String> presented = bearer(exchange).or(() -> cookie(exchange));
      if (presented.isEmpty() || !tokenMatches(presented.get())) {
        return Optional.of(new Refusal(401, "this dashboard needs its token: open the address 'corral dashboard'"
            + " prints, or send Authorization: Bearer TOKEN"));
      }
      return Optional.empty();
    }
    String host = hostName(exchange.getRequestHeaders().getFirst("Host"));
    if (!host.equals("localhost") && !isLoopbackLiteral(host)) {
      return Optional.of(new Refusal(403, "Host: " + host + " (expected: a loopback address or localhost; start"
          + " the dashboard with --token to reach it by another name)"));
    }
    return Optional.empty();
  }

  /** Why this state-changing request is refused, if it is. */
  Optional<Refusal> checkWrite(HttpExchange exchange) {
    if (!exchange.getRequestMethod().equals("POST")) {
      return Optional.of(new Refusal(405, exchange.getRequestMethod() + " (expected: POST)"));
    }
    String presented = exchange.getRequestHeaders().getFirst(CSRF_HEADER);
    if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
        csrf.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of(new Refusal(403, CSRF_HEADER + ": missing or wrong (expected: the token of /api/session)"));
    }
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (origin != null && !origin.equals("http://" + host)) {
      return Optional.of(new Refusal(403, "Origin: " + origin + " (expected: http://" + host + ")"));
    }
    String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin")) {
      return Optional.of(new Refusal(403, "Sec-Fetch-Site: " + site + " (expected: same-origin)"));
    }
    return Optional.empty();
  }

  private boolean tokenMatches(String presented) {
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.orElseThrow());
  }

  private static Optional<String> bearer(HttpExchange exchange) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(auth.substring(7).trim());
    }
    return Optional.empty();
  }

  private static Optional<String> cookie(HttpExchange exchange) {
    List<String> headers = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
    for (String header : headers) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(COOKIE + "=")) {
          return Optional.of(p.substring(COOKIE.length() + 1));
        }
      }
    }
    return Optional.empty();
  }

  /** A query parameter's raw value (tokens are URL-safe, so no decoding is needed). */
  static Optional<String> query(URI uri, String name) {
    String q = uri.getRawQuery();
    if (q == null) {
      return Optional.empty();
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return Optional.of(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** The name part of a Host header, lower case, without its port and brackets. */
  static String hostName(String hostHeader) {
    if (hostHeader == null) {
      return "";
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 ? h.substring(1, end) : h;
    }
    int colon = h.indexOf(':');
    return colon >= 0 ? h.substring(0, colon) : h;
  }

  /** An IPv4 literal in 127/8 or the IPv6 literal ::1 (no name lookup: the name is the attacker's to choose). */
  static boolean isLoopbackLiteral(String host) {
    if (host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
