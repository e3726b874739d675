package dev.corral.gate.proxy;

import dev.corral.gate.http.DateHeader;

import dev.corral.gate.http.RequestContext;
import dev.corral.gate.http.HeaderNames;

import dev.corral.gate.config.HeaderSetting;
import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.config.UpstreamRequestSettings;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites headers between the two legs, as nginx's proxy module does: hop-by-hop headers (Connection and the
 * headers it names, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade, Expect, Transfer-Encoding) never cross;
 * {@code proxy_set_header} lines are applied (an empty value removes the header); the message length is
 * recomputed for each leg. The headers set here use nginx's spelling ({@link HeaderNames}). Stateless.
 */
public final class ProxyHeaders {
  private static final List<CharSequence> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION,
      HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
      HttpHeaderNames.UPGRADE, HttpHeaderNames.TRANSFER_ENCODING);

  private ProxyHeaders() {}

  /** The request to send upstream: HTTP/1.1, {@code uri}, client headers filtered, then proxy_set_header. */
  static HttpRequest upstreamRequest(RequestContext ctx, ProxySettings settings, String uri) {
    return upstreamRequest(ctx, settings, uri, null);
  }

  /**
   * The request for the upstream, with {@code ownBody} (not null) sent instead of the client's body
   * ({@code proxy_set_body}, or empty with {@code proxy_pass_request_body off}): its length is the Content-Length,
   * none when empty. With {@code proxy_pass_request_headers off} only the body's framing and the
   * {@code proxy_set_header} lines are sent; {@code proxy_method} replaces the method.
   */
  static HttpRequest upstreamRequest(RequestContext ctx, ProxySettings settings, String uri, byte[] ownBody) {
    HttpRequest in = ctx.request;
    UpstreamRequestSettings sent = settings.upstreamRequest();
    HttpMethod method = sent.method().isPresent() ? HttpMethod.valueOf(sent.method().get().render(ctx))
        : in.method();
    // Variables read the client's headers, so render them all before the header map is edited in place.
    List<HeaderSetting> settingsList = settings.proxySetHeaders();
    String[] values = new String[settingsList.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = settingsList.get(i).value().render(ctx);
    }
    boolean upgrade = isUpgrade(in);
    String upgradeTo = upgrade ? in.headers().get(HttpHeaderNames.UPGRADE) : null;
    boolean chunked = HttpUtil.isTransferEncodingChunked(in);
    // The client's header map is reused for the upstream request (saves a copy per request); the client request
    // object itself keeps its method and URI for logs.
    HttpHeaders headers = in.headers();
    if (!sent.passHeaders()) {
      HttpHeaders framing = new DefaultHttpHeaders();
      if (ownBody == null) {
        if (chunked) {
          framing.set(HeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
          framing.set(HeaderNames.CONTENT_LENGTH, headers.get(HttpHeaderNames.CONTENT_LENGTH));
        }
      }
      headers = framing;
    }
    if (ownBody != null) {
      chunked = false;
      headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
      if (ownBody.length == 0) {
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
      } else {
        headers.setInt(HeaderNames.CONTENT_LENGTH, ownBody.length);
      }
    }
    HttpRequest out = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri, headers);
    removeHopByHop(headers);
    headers.remove(HttpHeaderNames.EXPECT);
    for (int i = 0; i < values.length; i++) {
      if (values[i].isEmpty()) {
        headers.remove(settingsList.get(i).name());
      } else {
        headers.set(settingsList.get(i).name(), values[i]);
      }
    }
    if (upgrade && !headers.contains(HttpHeaderNames.CONNECTION)) {
      // Tunnel Upgrade requests (WebSocket) without nginx's usual Upgrade/Connection boilerplate.
      headers.set(HeaderNames.UPGRADE, upgradeTo);
      headers.set(HeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }
    if (chunked) {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
      headers.set(HeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return out;
  }

  /** Whether the client asked to switch protocols ({@code Connection: upgrade} with an {@code Upgrade} header). */
  public static boolean isUpgrade(HttpRequest req) {
    return HeaderNames.isUpgrade(req);
  }

  /** The 101 for the client: the upstream's headers, including Upgrade and Connection; {@code server} as Server. */
  static HttpResponse switchingProtocols(HttpResponse in, String server) {
    HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, in.status());
    out.headers().set(in.headers());
    out.headers().set(HeaderNames.SERVER, server);
    return out;
  }

  /**
   * The response head for the client.
   *
   * @param bodyless whether no body follows (HEAD, 1xx, 204, 304)
   * @param keepAlive whether the client connection stays open; forced off when the length is unknown and the
   *     client speaks HTTP/1.0
   * @param server the Server header ({@code server_tokens})
   * @return the head, and whether the connection may really be kept alive
   */
  public static HttpResponse clientResponse(HttpResponse in, HttpVersion clientVersion, boolean bodyless,
      boolean keepAlive, boolean[] keepAliveOut, String server) {
    boolean chunked = HttpUtil.isTransferEncodingChunked(in);
    // The upstream's header map is edited in place and reused (saves a copy per response).
    HttpHeaders headers = in.headers();
    // nginx writes HTTP/1.1 in every status line, whatever the client's version (ngx_http_header_filter).
    HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, in.status(), headers);
    removeHopByHop(headers);
    headers.set(HeaderNames.SERVER, server);
    if (!headers.contains(HttpHeaderNames.DATE)) {
      // nginx sends its own Date on every response; an upstream's (it has one nearly always) is kept.
      headers.set(HeaderNames.DATE, DateHeader.SYSTEM.now());
    }
    if (!bodyless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      if (clientVersion.equals(HttpVersion.HTTP_1_1)) {
        headers.set(HeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      } else {
        keepAlive = false;
      }
    } else if (chunked && !bodyless) {
      headers.set(HeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (!keepAlive) {
      headers.set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (clientVersion.equals(HttpVersion.HTTP_1_0)) {
      headers.set(HeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    keepAliveOut[0] = keepAlive;
    return out;
  }

  private static void removeHopByHop(HttpHeaders headers) {
    if (headers.contains(HttpHeaderNames.CONNECTION)) {
      removeNamedByConnection(headers);
    }
    for (CharSequence name : HOP_BY_HOP) {
      headers.remove(name);
    }
  }

  /**
   * Headers named in Connection are hop-by-hop too (RFC 9110 7.6.1). The usual values, {@code keep-alive},
   * {@code close} and {@code upgrade}, name nothing the fixed list does not already remove, and are checked
   * without splitting (this runs for nearly every response: servers send {@code Connection: keep-alive}).
   */
  private static void removeNamedByConnection(HttpHeaders headers) {
    List<String> values = headers.getAll(HttpHeaderNames.CONNECTION);
    if (values.size() == 1 && namesNothingElse(values.get(0))) {
      return;
    }
    List<String> named = new ArrayList<>();
    for (String value : values) {
      for (String token : value.split(",")) {
        String t = token.trim();
        if (!t.isEmpty()) {
          named.add(t);
        }
      }
    }
    for (String name : named) {
      headers.remove(name);
    }
  }

  private static boolean namesNothingElse(String value) {
    return value.equalsIgnoreCase("keep-alive") || value.equalsIgnoreCase("close")
        || value.equalsIgnoreCase("upgrade");
  }
}
