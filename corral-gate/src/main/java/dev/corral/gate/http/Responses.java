package dev.corral.gate.http;

import dev.corral.gate.config.ProxySettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * Builds the responses the gate writes itself: nginx-style error pages and {@code return} answers, and the
 * {@code Server} header of every response. Header names are spelled as nginx writes them ({@link HeaderNames}),
 * with a {@code Date} as nginx sends on every answer. Stateless.
 */
public final class Responses {
  /** The Server header and error page signature with {@code server_tokens off}. */
  static final String SERVER = "corral";
  /** The same with {@code server_tokens on} (nginx's default): {@code corral/VERSION} when the version is known. */
  static final String SERVER_WITH_VERSION = version().map(v -> SERVER + "/" + v).orElse(SERVER);

  private Responses() {}

  /** The Server header value (and error page signature) for a request with {@code settings}. */
  public static String server(ProxySettings settings) {
    return settings == null || settings.serverTokens() ? SERVER_WITH_VERSION : SERVER;
  }

  /** An nginx-style HTML error page for {@code status}, signed {@code server}. */
  public static FullHttpResponse errorPage(ByteBufAllocator alloc, int status, String server) {
    HttpResponseStatus s = HttpResponseStatus.valueOf(status);
    String title = status + " " + s.reasonPhrase();
    String html = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
        + "</h1></center>\r\n<hr><center>" + server + "</center>\r\n</body>\r\n</html>\r\n";
    return response(alloc, s, html, Optional.of("text/html"), server);
  }

  /**
   * The answer of {@code return CODE [TEXT]}: a redirect with Location, an error page for a code of 400 or more
   * without text, or TEXT (possibly empty) as the body with {@code contentType} (nginx's
   * ngx_http_send_response: the type of the path's extension, else {@code default_type}).
   */
  static FullHttpResponse returnResponse(ByteBufAllocator alloc, int status, Optional<String> text,
      Optional<String> contentType, String server) {
    boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    if (redirect) {
      FullHttpResponse r = errorPage(alloc, status, server);
      text.ifPresent(t -> r.headers().set(HeaderNames.LOCATION, t));
      return r;
    }
    if (text.isEmpty() && status >= 400) {
      return errorPage(alloc, status, server);
    }
    return response(alloc, HttpResponseStatus.valueOf(status), text.orElse(""), contentType, server);
  }

  private static FullHttpResponse response(ByteBufAllocator alloc, HttpResponseStatus status, String body,
      Optional<String> type, String server) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ByteBuf content = alloc.buffer(bytes.length).writeBytes(bytes);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    r.headers().set(HeaderNames.SERVER, server);
    r.headers().set(HeaderNames.DATE, DateHeader.SYSTEM.now());
    type.ifPresent(t -> r.headers().set(HeaderNames.CONTENT_TYPE, t));
    r.headers().setInt(HeaderNames.CONTENT_LENGTH, bytes.length);
    return r;
  }

  /** Marks a response as closing the connection. */
  static FullHttpResponse closing(FullHttpResponse r) {
    r.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }

  /**
   * Corral's version: from {@code corral-version.properties} (written by the build of the {@code corral} command,
   * on the class path wherever the gate runs from it), else the jar manifest's implementation version.
   */
  private static Optional<String> version() {
    try (InputStream in = Responses.class.getResourceAsStream("/corral-version.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String v = properties.getProperty("version", "").trim();
        if (!v.isEmpty() && !v.startsWith("${")) {
          return Optional.of(v);
        }
      }
    } catch (IOException e) {
      // An unreadable resource is a missing version: the header is then "corral", as with server_tokens off.
    }
    return Optional.ofNullable(Responses.class.getPackage().getImplementationVersion());
  }
}
