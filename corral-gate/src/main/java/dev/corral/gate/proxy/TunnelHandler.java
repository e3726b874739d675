package dev.corral.gate.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays raw bytes to a peer channel after an {@code Upgrade} (WebSocket and others) switched protocols: one
 * instance on each side. Back-pressure: while the peer is not writable this side stops reading. When either side
 * closes, the other is flushed and closed, and {@code onClose} runs once (it releases the upstream peer).
 * Confined to the event loop both channels share.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {
  private final Channel peer;
  private final Runnable onClose;
  private TunnelHandler partner;
  private boolean closed;

  private TunnelHandler(Channel peer, Runnable onClose) {
    this.peer = peer;
    this.onClose = onClose;
  }

  /** A pair of relays, one for each side, sharing one close action. */
  static TunnelHandler[] pair(Channel client, Channel upstream, Runnable onClose) {
    TunnelHandler clientSide = new TunnelHandler(upstream, onClose);
    TunnelHandler upstreamSide = new TunnelHandler(client, onClose);
    clientSide.partner = upstreamSide;
    upstreamSide.partner = clientSide;
    return new TunnelHandler[] {clientSide, upstreamSide};
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf && peer.isActive()) {
      peer.write(buf, peer.voidPromise());
    } else {
      // The end-of-message marker a codec emits after the 101, or data for a closed peer.
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      peer.config().setAutoRead(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeBoth();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void closeBoth() {
    if (closed) {
      return;
    }
    closed = true;
    partner.closed = true;
    peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    onClose.run();
  }
}
