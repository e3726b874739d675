package dev.corral.gate.http;

import dev.corral.gate.config.ServerConfig;
import dev.corral.gate.tls.PlainTextAnswer;
import dev.corral.gate.tls.ServerTls;
import dev.corral.gate.tls.SniLookup;
import dev.corral.gate.tls.TlsPipeline;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP module's side of TLS: on a connection to an address some {@code listen ... ssl} names, puts the TLS
 * handlers in front of the HTTP pipeline, with SNI answered by nginx's server choice ({@code server_name} among
 * the servers of the connection's address, else its default server) and a plain-HTTP client answered with
 * nginx's 400 "The plain HTTP request was sent to HTTPS port". The routes of the moment the connection was
 * accepted answer its handshake, so a reload applies new certificates to new connections only. Stateless.
 */
final class HttpsFront {
  private static final String PLAIN_HTTP = "The plain HTTP request was sent to HTTPS port";

  private HttpsFront() {}

  /** Adds TLS to {@code ch} if its address is a TLS one. */
  static void install(Channel ch, GateContext gate, String listenerKey) {
    Router routes = gate.routes.get();
    String key = routeKey(routes, listenerKey, (InetSocketAddress) ch.localAddress());
    if (!routes.tls(key)) {
      return;
    }
    ServerConfig defaultServer = routes.defaultServer(key);
    Duration timeout = defaultServer == null ? Duration.ofSeconds(60)
        : defaultServer.settings().clientHeaderTimeout();
    String server = Responses.server(defaultServer == null ? null : defaultServer.settings());
    SniLookup lookup = (channel, name) -> {
      ServerConfig chosen = name.map(n -> routes.server(key, n)).orElse(defaultServer);
      return chosen == null ? ServerTls.none() : chosen.settings().tls();
    };
    PlainTextAnswer plain = (ctx, first) -> plainHttp(ctx, first, server);
    TlsPipeline.install(ch, lookup, plain, timeout);
  }

  /** As FrontendHandler's: a wildcard listener serves the servers of the connection's local address if any. */
  static String routeKey(Router routes, String listenerKey, InetSocketAddress local) {
    if (!listenerKey.startsWith("*:") || local == null || local.getAddress() == null) {
      return listenerKey;
    }
    String specific = local.getAddress().getHostAddress() + ":" + local.getPort();
    return routes.hasKey(specific) ? specific : listenerKey;
  }

  private static void plainHttp(ChannelHandlerContext ctx, ByteBuf first, String server) {
    first.release();
    String title = "400 " + PLAIN_HTTP;
    String html = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n"
        + "<center><h1>400 Bad Request</h1></center>\r\n<center>" + PLAIN_HTTP + "</center>\r\n"
        + "<hr><center>" + server + "</center>\r\n</body>\r\n</html>\r\n";
    byte[] body = html.getBytes(StandardCharsets.US_ASCII);
    String head = "HTTP/1.1 400 Bad Request\r\nServer: " + server + "\r\nDate: " + DateHeader.SYSTEM.now()
        + "\r\nContent-Type: text/html\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    ByteBuf out = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
  }
}
