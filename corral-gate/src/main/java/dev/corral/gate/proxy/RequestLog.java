package dev.corral.gate.proxy;

import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.config.Template;

/**
 * Log lines about one request: the access log line in the location's {@code log_format} (nginx writes an empty
 * variable as {@code -}), and the request part nginx appends to error log lines. Stateless.
 */
final class RequestLog {
  private RequestLog() {}

  /** Writes the access log line of {@code request}, if the location logs. */
  static void access(GateContext gate, ProxySettings settings, RequestContext request) {
    if (request == null || settings == null || settings.accessLog().path().isEmpty()) {
      return;
    }
    Template format = settings.accessLog().format();
    gate.accessLog.write(settings.accessLog().path().get(), format.render(request.dashForEmpty()));
  }

  /** {@code message} with nginx's {@code , client: ..., request: "..."} suffix when a request is known. */
  static String error(String message, RequestContext request) {
    if (request == null) {
      return message;
    }
    return message + ", client: " + request.remoteAddr() + ", request: \""
        + AbsoluteFormRequest.requestLine(request.request) + "\"";
  }
}
