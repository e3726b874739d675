package dev.corral.gate.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Optional;

/**
 * The checks nginx makes on a decoded request before routing it, beyond what the decoder enforces: the
 * protocol version, the method's spelling, the Host header, the request target, and the transfer coding. A failed
 * check names the status and the reason to log. Stateless.
 */
final class RequestChecks {
  /** A refused request: the status to answer and the reason for the error log. */
  record Rejection(int status, String reason) {}

  private RequestChecks() {}

  static Optional<Rejection> check(HttpRequest req) {
    HttpVersion version = req.protocolVersion();
    if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
      return reject(505, "client sent unsupported HTTP version " + version.text());
    }
    String method = req.method().name();
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (!(c >= 'A' && c <= 'Z') && c != '_' && c != '-') {
        return reject(400, "client sent invalid method");
      }
    }
    if (req.method().equals(HttpMethod.CONNECT)) {
      return reject(405, "client sent CONNECT method");
    }
    List<String> hosts = req.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      return reject(400, "client sent duplicate host header");
    }
    if (hosts.isEmpty() && version.equals(HttpVersion.HTTP_1_1)) {
      return reject(400, "client sent HTTP/1.1 request without \"Host\" header");
    }
    if (!hosts.isEmpty() && !validHost(hosts.get(0))) {
      return reject(400, "client sent invalid host header");
    }
    String uri = req.uri();
    if (!uri.startsWith("/")) {
      return reject(400, "client sent invalid request");
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= ' ' || c == 127) {
        return reject(400, "client sent invalid request");
      }
    }
    if (req.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      List<String> codings = req.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
      if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")
          || !HttpUtil.isTransferEncodingChunked(req)) {
        return reject(501, "client sent unknown \"Transfer-Encoding\"");
      }
    }
    return Optional.empty();
  }

  private static boolean validHost(String host) {
    if (host.isEmpty()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '/' || c == '\\' || c <= ' ' || c == 127) {
        return false;
      }
    }
    return !host.startsWith(".");
  }

  private static Optional<Rejection> reject(int status, String reason) {
    return Optional.of(new Rejection(status, reason));
  }
}
