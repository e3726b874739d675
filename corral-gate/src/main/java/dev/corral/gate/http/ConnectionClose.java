package dev.corral.gate.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * nginx's lingering close of a client connection: after the response is flushed the write side is shut first, and
 * what the client still sends is read and dropped for up to {@link #LINGER_MILLIS} ms, so that a client still
 * sending a refused body reads the response instead of a connection reset. Stateless.
 */
final class ConnectionClose {
  /** How long a closing connection keeps reading and dropping client data (nginx's lingering_timeout is 5s). */
  static final long LINGER_MILLIS = 2000;

  private ConnectionClose() {}

  /** Closes {@code ctx}'s connection once everything written so far is flushed, lingering as described above. */
  static void afterFlush(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
      if (!(f.channel() instanceof DuplexChannel duplex) || !f.isSuccess()) {
        f.channel().close();
        return;
      }
      io.netty.handler.ssl.SslHandler tls = f.channel().pipeline().get(io.netty.handler.ssl.SslHandler.class);
      if (tls != null) {
        // TLS ends with close_notify before the socket's write side is shut (shutting it under the SslHandler
        // would cut the stream and clients report an unexpected EOF), as nginx's SSL_shutdown does.
        tls.closeOutbound().addListener(sent -> linger(duplex));
        return;
      }
      linger(duplex);
    });
  }

  private static void linger(DuplexChannel duplex) {
    duplex.shutdownOutput().addListener(done -> {
      duplex.config().setAutoRead(true);
      duplex.eventLoop().schedule(() -> duplex.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    });
  }
}
