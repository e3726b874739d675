package dev.corral.gate.http;

import dev.corral.gate.config.AccessLog;
import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.config.Template;
import java.util.List;

/**
 * Log lines about one request: the access log line in the location's {@code log_format} (nginx writes an empty
 * variable as {@code -}), and the request part nginx appends to error log lines. Stateless.
 */
final class RequestLog {
  private RequestLog() {}

  /** Writes the access log line of {@code request}, if the location logs. */
  static void access(GateContext gate, ProxySettings settings, RequestContext request) {
    if (request == null || settings == null) {
      return;
    }
    write(gate, settings.accessLog(), request);
    List<AccessLog> more = settings.logs().moreAccessLogs();
    for (int i = 0, n = more.size(); i < n; i++) {
      write(gate, more.get(i), request);
    }
  }

  private static void write(GateContext gate, AccessLog log, RequestContext request) {
    if (log.path().isEmpty()) {
      return;
    }
    Template format = log.format();
    gate.accessLog.write(log.path().get(), format.render(request.dashForEmpty()));
  }

  /**
   * Writes an error log line about a request handled with {@code settings} (null before any server is known): to
   * the {@code error_log} of its location, server or http level if one is set, else to the main error log.
   */
  static void error(GateContext gate, ProxySettings settings, String level, String message) {
    gate.errorLog.log(settings == null ? java.util.List.of() : settings.errorLogs(), level, message);
  }

  /**
   * {@code message} with nginx's suffix when a request is known: {@code , client: ADDR, server: NAME, request:
   * "LINE", host: "HOST"} (ngx_http_log_error_handler; {@code server:} is the server block's name, empty when it has
   * none; {@code host:} is {@code $host}, nginx writes the Host header as sent).
   */
  static String error(String message, RequestContext request) {
    return error(message, request, null);
  }

  /** {@link #error(String, RequestContext)} with nginx's {@code , upstream: "URL"} before the host. */
  static String error(String message, RequestContext request, String upstreamUrl) {
    if (request == null) {
      return message;
    }
    StringBuilder line = new StringBuilder(message).append(", client: ").append(request.remoteAddr())
        .append(", server: ").append(request.serverName)
        .append(", request: \"").append(AbsoluteFormRequest.requestLine(request.request)).append('"');
    if (upstreamUrl != null) {
      line.append(", upstream: \"").append(upstreamUrl).append('"');
    }
    // $host (the header map may already be the upstream request's, with proxy_set_header Host applied).
    String host = request.host();
    if (!host.isEmpty()) {
      line.append(", host: \"").append(host).append('"');
    }
    return line.toString();
  }
}
