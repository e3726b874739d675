package dev.corral.gate.http;


import dev.corral.gate.config.ServerConfig;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Optional;

/**
 * Decides what happens to a request head: refused with a status (a malformed head 400/414/431, no server 500, a
 * {@link RequestChecks} rejection, no location 404, a declared body over {@code client_max_body_size} 413), or
 * admitted to a location; and whether the connection may be kept alive after it. Writes the error log lines nginx
 * writes for refusals, to the error log of the level that refused (the listener's default server before a server is
 * known). Stateless.
 */
final class RequestAdmission {
  /**
   * The decision.
   *
   * @param status 0 when admitted, else the status to answer
   * @param server the server that answers, null if none was found
   * @param location the location, null unless admitted
   * @param keepAlive whether the connection may serve another request afterwards
   * @param bodyExpected whether a body follows whose reading is timed ({@code client_body_timeout})
   */
  record Admission(int status, ServerConfig server, LocationRoute location, boolean keepAlive,
      boolean bodyExpected) {}

  private RequestAdmission() {}

  /**
   * Router {@code request} on the listener {@code routeKey}; {@code requests} counts the connection's requests so
   * far, this one included.
   */
  static Admission admit(GateContext gate, Router routes, String routeKey, RequestContext request, int requests) {
    HttpRequest req = request.request;
    if (req.decoderResult().isFailure()) {
      Throwable cause = req.decoderResult().cause();
      int status = cause instanceof TooLongHttpLineException ? 414
          : cause instanceof TooLongHttpHeaderException ? 431
          : cause instanceof TooLongFrameException ? 400 : 400;
      ServerConfig listenerDefault = routes.defaultServer(routeKey);
      RequestLog.error(gate, listenerDefault == null ? null : listenerDefault.settings(), "info",
          "client sent invalid request (" + cause.getMessage() + ") from " + request.remoteAddr());
      return new Admission(status, null, null, false, false);
    }
    ServerConfig server = routes.server(routeKey, request.host(), request);
    if (server == null) {
      return new Admission(500, null, null, false, false);
    }
    request.serverName = server.primaryName();
    boolean keepAlive = HttpUtil.isKeepAlive(req) && !server.settings().keepaliveTimeout().isZero()
        && requests < server.settings().keepaliveRequests() && !gate.draining;
    Optional<RequestChecks.Rejection> rejection = RequestChecks.check(req);
    if (rejection.isPresent()) {
      RequestLog.error(gate, server.settings(), "info", rejection.get().reason() + " from " + request.remoteAddr());
      return new Admission(rejection.get().status(), server, null, false, false);
    }
    boolean bodyExpected = HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
    if (server.settings().client().mergeSlashes()) {
      request.mergeSlashes();
    }
    LocationRoute location = routes.location(server, request.path());
    if (location == null) {
      return new Admission(404, server, null, keepAlive, bodyExpected);
    }
    long maxBody = location.config().settings().clientMaxBodySize();
    if (maxBody > 0 && HttpUtil.getContentLength(req, -1L) > maxBody) {
      RequestLog.error(gate, location.config().settings(), "error", RequestLog.error("client intended to send too "
          + "large body: " + HttpUtil.getContentLength(req, -1L) + " bytes", request));
      return new Admission(413, server, location, false, bodyExpected);
    }
    return new Admission(0, server, location, keepAlive, bodyExpected);
  }
}
