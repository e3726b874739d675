package dev.corral.gate.http;

import dev.corral.gate.config.ProxyRedirect;
import dev.corral.gate.config.RedirectSettings;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Location and Refresh headers the gate sends, as nginx writes them: {@code proxy_redirect} rules applied to an
 * upstream's (ngx_http_proxy_rewrite_redirect), and a Location that starts with {@code /} made absolute with the
 * request's host and port ({@code absolute_redirect}, {@code server_name_in_redirect}, {@code port_in_redirect};
 * ngx_http_header_filter) — for the gate's own answers always, for an upstream's only when a rule rewrote it.
 * Stateless.
 */
public final class Redirects {
  static final AsciiString REFRESH = AsciiString.cached("Refresh");

  private Redirects() {}

  /** Applies the level's {@code proxy_redirect} rules to the upstream answer's {@code headers}. */
  public static void rewriteUpstream(HttpHeaders headers, RedirectSettings settings, RequestContext request) {
    List<ProxyRedirect> rules = settings.proxyRedirects();
    if (rules.isEmpty()) {
      return;
    }
    String location = headers.get(HeaderNames.LOCATION);
    if (location != null) {
      Optional<String> rewritten = apply(rules, location, 0, request);
      if (rewritten.isPresent()) {
        headers.set(HeaderNames.LOCATION, absolute(rewritten.get(), settings, request));
      }
    }
    String refresh = headers.get(REFRESH);
    if (refresh != null) {
      int url = refresh.toLowerCase(Locale.ROOT).indexOf("url=");
      if (url >= 0) {
        apply(rules, refresh, url + 4, request).ifPresent(r -> headers.set(REFRESH, r));
      }
    }
  }

  private static Optional<String> apply(List<ProxyRedirect> rules, String value, int from, RequestContext request) {
    for (int i = 0, n = rules.size(); i < n; i++) {
      Optional<String> r = rules.get(i).apply(value, from, request);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** Makes the Location of an answer the gate wrote itself absolute, if it starts with {@code /}. */
  static void absoluteLocal(HttpHeaders headers, RedirectSettings settings, RequestContext request) {
    String location = headers.get(HeaderNames.LOCATION);
    if (location != null) {
      headers.set(HeaderNames.LOCATION, absolute(location, settings, request));
    }
  }

  /** {@code location} as nginx's header filter writes it. */
  static String absolute(String location, RedirectSettings settings, RequestContext request) {
    if (location.isEmpty() || location.charAt(0) != '/' || !settings.absoluteRedirect()) {
      return location;
    }
    String host;
    if (settings.serverNameInRedirect()) {
      host = request.serverName;
    } else {
      String header = request.request.headers().get(HttpHeaderNames.HOST);
      host = header == null || header.isEmpty() ? localAddress(request) : request.host();
    }
    int port = request.local.getPort();
    boolean https = request.tls.active();
    boolean withPort = settings.portInRedirect() && port != (https ? 443 : 80);
    return (https ? "https://" : "http://") + host + (withPort ? ":" + port : "") + location;
  }

  private static String localAddress(RequestContext request) {
    if (request.local.getAddress() == null) {
      return request.local.getHostString();
    }
    String address = request.local.getAddress().getHostAddress();
    return address.indexOf(':') >= 0 ? "[" + address + "]" : address;
  }
}
