package dev.corral.gate.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * What a TLS port does with a client that speaks plain text to it: the HTTP module answers nginx's 400 "The
 * plain HTTP request was sent to HTTPS port"; a stream port just closes. The implementation owns {@code first}
 * (the bytes read so far) and closes the connection when done.
 */
@FunctionalInterface
public interface PlainTextAnswer {
  /** Closes the connection without a word. */
  PlainTextAnswer CLOSE = (ctx, first) -> {
    first.release();
    ctx.close();
  };

  void answer(ChannelHandlerContext ctx, ByteBuf first);
}
