package dev.corral.gate.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes an upstream connection sends and receives, at the socket end of its pipeline, for
 * {@code $upstream_bytes_sent} and {@code $upstream_bytes_received} (a request reads the difference over its use
 * of the connection). Confined to the connection's event loop.
 */
final class UpstreamBytes extends ChannelDuplexHandler {
  private long sent;
  private long received;

  long sent() {
    return sent;
  }

  long received() {
    return received;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    received += size(msg);
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    sent += size(msg);
    ctx.write(msg, promise);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b.readableBytes();
    }
    return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
  }
}
