package dev.corral.gate.http;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A request that arrived as an HTTP/2 stream. The http core sees it as HTTP/1.1 (its framing and keep-alive rules
 * are those of 1.1 with a length or a chunked body, which is what the stream conversion gives), but the variables
 * that name the protocol ({@code $server_protocol}, {@code $request}) say {@code HTTP/2.0}, as nginx's do.
 */
final class Http2Request extends DefaultHttpRequest {
  static final String PROTOCOL = "HTTP/2.0";

  Http2Request(HttpMethod method, String uri, HttpHeaders headers) {
    super(HttpVersion.HTTP_1_1, method, uri, headers);
  }

  /** The protocol as nginx names it in {@code $server_protocol}: {@code HTTP/2.0} for a stream, else the version. */
  static String protocol(HttpRequest request) {
    return request instanceof Http2Request ? PROTOCOL : request.protocolVersion().text();
  }
}
