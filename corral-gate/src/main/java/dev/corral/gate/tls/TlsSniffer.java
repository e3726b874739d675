package dev.corral.gate.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The first handler of a TLS port: looks at the first byte a client sends. A TLS record (0x16, handshake) goes
 * on to the {@link SniSelector}; an upper-case letter (an HTTP method: a plain-text client on the TLS port) goes
 * to the {@link PlainTextAnswer}; anything else also goes to the handshake, which fails it and closes, as
 * OpenSSL does in nginx. Removes itself after the decision. One per connection.
 */
final class TlsSniffer extends ByteToMessageDecoder {
  private static final int HANDSHAKE_RECORD = 0x16;

  private final SniSelector selector;
  private final PlainTextAnswer plainText;

  TlsSniffer(SniSelector selector, PlainTextAnswer plainText) {
    this.selector = selector;
    this.plainText = plainText;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    int first = in.getUnsignedByte(in.readerIndex());
    if (first != HANDSHAKE_RECORD && first >= 'A' && first <= 'Z') {
      ByteBuf read = in.readRetainedSlice(in.readableBytes());
      ctx.pipeline().remove(this);
      plainText.answer(ctx, read);
      return;
    }
    // ByteToMessageDecoder hands the bytes it holds to the next handler when this one is removed.
    ctx.pipeline().replace(this, "tls-sni", selector);
  }
}
