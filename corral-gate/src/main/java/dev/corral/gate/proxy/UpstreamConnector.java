package dev.corral.gate.proxy;

import dev.corral.gate.balance.Peer;
import dev.corral.gate.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Opens upstream connections on the client connection's event loop, with the client's transport (epoll or NIO),
 * {@code TCP_NODELAY} and {@code proxy_connect_timeout}; the pipeline is a request encoder, an {@link UpstreamResponseDecoder} and the given
 * {@link BackendHandler}, behind a TLS client handler for {@code proxy_pass https://}. Stateless.
 */
final class UpstreamConnector {
  private UpstreamConnector() {}

  /** Starts connecting to {@code peer}; the future completes when connected or failed. */
  static ChannelFuture connect(Channel client, Peer peer, BackendHandler handler, Duration connectTimeout,
      Optional<UpstreamTls> tls, String tlsHost) {
    // An HTTP/2 stream's channel is not a socket: its connection (the parent) names the transport. An accepted
    // socket's parent is its server channel, which names none.
    Channel socket = client.parent() != null && !(client.parent() instanceof ServerChannel) ? client.parent() : client;
    Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(socket.getClass().asSubclass(Channel.class))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            UpstreamResponseDecoder decoder = new UpstreamResponseDecoder();
            UpstreamBytes bytes = new UpstreamBytes();
            handler.decoder(decoder);
            handler.bytes(bytes);
            if (tls.isPresent()) {
              ch.pipeline().addLast(tls.get().newHandler(ch.alloc(), tlsHost, peer.server().port()));
            }
            ch.pipeline().addLast(bytes, new HttpRequestEncoder(), decoder, handler);
          }
        });
    return b.connect(new InetSocketAddress(peer.server().host(), peer.server().port()));
  }
}
