package dev.corral.gate.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * {@code stub_status}: answers GET and HEAD with nginx's four lines of connection and request counts
 * ({@link StubStatus}) as {@code text/plain}; other methods get 405. Stateless.
 */
public final class StubStatusContent implements ContentHandler {
  @Override
  public void serve(FrontendHandler frontend, RequestContext request) {
    HttpMethod method = request.request.method();
    if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
      frontend.failRequest(405);
      return;
    }
    byte[] text = frontend.stubStatusText().getBytes(StandardCharsets.US_ASCII);
    ByteBuf body = frontend.alloc().buffer(text.length).writeBytes(text);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
    response.headers().set(HeaderNames.SERVER, Responses.server(frontend.settings()));
    response.headers().set(HeaderNames.DATE, DateHeader.SYSTEM.now());
    response.headers().set(HeaderNames.CONTENT_TYPE, "text/plain");
    response.headers().setInt(HeaderNames.CONTENT_LENGTH, text.length);
    frontend.writeLocal(response);
  }
}
