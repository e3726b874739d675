package dev.corral.gate.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Builds the responses the gate writes itself: nginx-style error pages and {@code return} answers. */
final class Responses {
  static final String SERVER = "corral";

  private Responses() {}

  /** An nginx-style HTML error page for {@code status}. */
  static FullHttpResponse errorPage(ByteBufAllocator alloc, int status) {
    HttpResponseStatus s = HttpResponseStatus.valueOf(status);
    String title = status + " " + s.reasonPhrase();
    String html = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
        + "</h1></center>\r\n<hr><center>" + SERVER + "</center>\r\n</body>\r\n</html>\r\n";
    return response(alloc, s, html, "text/html");
  }

  /** The answer of {@code return CODE [TEXT]}: a redirect with Location, or TEXT as the body. */
  static FullHttpResponse returnResponse(ByteBufAllocator alloc, int status, Optional<String> text) {
    boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (redirect) {
      FullHttpResponse r = errorPage(alloc, status);
      text.ifPresent(t -> r.headers().set(HttpHeaderNames.LOCATION, t));
      return r;
    }
    if (text.isEmpty()) {
      return status >= 400 ? errorPage(alloc, status) : response(alloc, HttpResponseStatus.valueOf(status), "",
          "text/plain");
    }
    return response(alloc, HttpResponseStatus.valueOf(status), text.get(), "text/plain");
  }

  private static FullHttpResponse response(ByteBufAllocator alloc, HttpResponseStatus status, String body,
      String type) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ByteBuf content = alloc.buffer(bytes.length).writeBytes(bytes);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    r.headers().set(HttpHeaderNames.SERVER, SERVER)
        .set(HttpHeaderNames.CONTENT_TYPE, type)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return r;
  }

  /** Marks a response as closing the connection. */
  static FullHttpResponse closing(FullHttpResponse r) {
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }
}
