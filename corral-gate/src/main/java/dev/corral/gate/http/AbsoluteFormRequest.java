package dev.corral.gate.http;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request whose absolute-form target ({@code GET http://host/path HTTP/1.1}) was rewritten to origin form
 * ({@link #uri()} is {@code /path}) by {@link GateRequestDecoder}; it keeps the target as the client sent it, for
 * {@code $request} and the {@code request: "..."} part of error log lines, which nginx takes from the request line
 * as received. Shares the decoded request's header map. Confined to the connection's event loop, like any request.
 */
final class AbsoluteFormRequest extends DefaultHttpRequest {
  private final String sentTarget;

  AbsoluteFormRequest(HttpRequest decoded, String originForm) {
    super(decoded.protocolVersion(), decoded.method(), originForm, decoded.headers());
    setDecoderResult(decoded.decoderResult());
    this.sentTarget = decoded.uri();
  }

  /** The request target as the client wrote it. */
  String sentTarget() {
    return sentTarget;
  }

  /** The request line as received (without CRLF): method, the target as sent, protocol. */
  static String requestLine(HttpRequest request) {
    String target = request instanceof AbsoluteFormRequest a ? a.sentTarget : request.uri();
    return request.method().name() + " " + target + " " + Http2Request.protocol(request);
  }
}
