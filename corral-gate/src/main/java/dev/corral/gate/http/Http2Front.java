package dev.corral.gate.http;

import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.config.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * The HTTP module's side of HTTP/2 on a plain port that {@code listen ... http2} names: h2c with prior knowledge,
 * as nginx serves it there. The connection gets a frame codec and a multiplexer; every stream becomes a child
 * channel with the SAME http core as an HTTP/1.1 connection ({@link FrontendHandler}), its frames turned into
 * HTTP objects, so routing, balancing, limits, logs and error pages apply unchanged. Hop-by-hop headers of the
 * response (Connection, Keep-Alive, Transfer-Encoding, Upgrade) are dropped by the conversion, as h2 requires.
 * The number of concurrent streams is nginx's default, 128; resets are bounded against rapid reset
 * (CVE-2023-44487): over 200 resets in 30 s close the connection with GOAWAY. Stateless.
 */
final class Http2Front {
  /** nginx's {@code http2_max_concurrent_streams} default. */
  static final int MAX_CONCURRENT_STREAMS = 128;
  private static final int MAX_RESETS = 200;
  private static final int RESET_WINDOW_SECONDS = 30;

  private Http2Front() {}

  /** Whether connections to {@code listenerKey}'s address speak HTTP/2 with prior knowledge. */
  static boolean wanted(Channel ch, GateContext gate, String listenerKey) {
    Router routes = gate.routes.get();
    String key = HttpsFront.routeKey(routes, listenerKey, (java.net.InetSocketAddress) ch.localAddress());
    return routes.http2(key) && !routes.tls(key);
  }

  /**
   * Installs the HTTP/2 connection handlers on {@code ch}; each stream's child channel gets the http core.
   * The header list limit is {@code large_client_header_buffers} (number × size) of the default server.
   */
  static void install(Channel ch, GateContext gate, String listenerKey, ServerConfig defaultServer) {
    long headerList = 32 * 1024;
    if (defaultServer != null) {
      ProxySettings s = defaultServer.settings();
      headerList = (long) s.largeHeaderBufferSize() * s.largeHeaderBufferNumber();
    }
    Http2Settings settings = Http2Settings.defaultSettings()
        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
        .maxHeaderListSize(headerList);
    ch.pipeline().addLast("h2-frames", Http2FrameCodecBuilder.forServer()
        .initialSettings(settings)
        .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS)
        .build());
    ch.pipeline().addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel stream) {
        GateResponseEncoder encoder = new GateResponseEncoder();
        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new ConversionHeaders(), new BareContent(),
            new FrontendHandler(gate, listenerKey, encoder));
      }
    }));
  }

  /**
   * Wraps the bare buffers the http core writes as body (the HTTP/1.1 encoder takes them as content) in
   * {@link DefaultHttpContent}, the form the h2 conversion takes.
   */
  private static final class BareContent extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ctx.write(msg instanceof ByteBuf buf ? new DefaultHttpContent(buf) : msg, promise);
    }
  }

  /** Drops the headers the h2-to-HTTP/1.1 conversion adds, so that upstreams and variables never see them. */
  private static final class ConversionHeaders extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest req) {
        req.headers().remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
        req.headers().remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
        req.headers().remove(HttpConversionUtil.ExtensionHeaderNames.PATH.text());
        // The core takes a head and then its content, as the HTTP/1.1 decoder hands them over.
        ctx.fireChannelRead(new Http2Request(req.method(), req.uri(), req.headers()));
        if (req instanceof FullHttpRequest full) {
          ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
        }
        return;
      }
      ctx.fireChannelRead(msg);
    }
  }
}
