package dev.corral.gate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays the bytes one side of a stream session reads to the other side; one instance on each side. Back-pressure:
 * when the other side's outbound buffer is over its high-water mark after a read, this side stops reading until
 * the other side is writable again. The end of this side's input (a FIN, seen because the channels allow half
 * closure) and the loss of this side are reported to the {@link StreamSession}, which decides what follows.
 * Confined to the event loop both channels share.
 */
final class StreamRelay extends ChannelInboundHandlerAdapter {
  private final StreamSession session;
  private final Channel peer;
  /** Whether this relay reads the client (and writes to the upstream). */
  private final boolean fromClient;

  StreamRelay(StreamSession session, Channel peer, boolean fromClient) {
    this.session = session;
    this.peer = peer;
    this.fromClient = fromClient;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf && peer.isActive()) {
      session.relayed(fromClient, buf.readableBytes());
      peer.write(buf, peer.voidPromise());
    } else {
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
    // This side drained below its low-water mark: the side that writes to it may read again.
    if (ctx.channel().isWritable() && session.reading(!fromClient)) {
      peer.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      session.inputEnded(fromClient);
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.sideClosed(fromClient);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    session.failed(fromClient, cause);
  }
}
