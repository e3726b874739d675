package dev.corral.gate.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses one response body at a time into the gzip format (RFC 1952), between the frontend and the response
 * encoder. The frontend calls {@link #compressNext} right before it writes a response head that
 * {@link GzipPolicy} chose to compress; the body that follows ({@link HttpContent}s, file regions read through
 * the deflater here, plain buffers, or a full response's content) is compressed as it passes, each relayed buffer flushed
 * through the deflater ({@code SYNC_FLUSH}) so that a streamed answer reaches the client as it comes; the gzip
 * trailer goes out with the last content. A file is read and compressed in pieces of at most {@link #PIECE}
 * output bytes. Other responses pass untouched. Confined to its channel's event loop.
 */
final class GzipFilter extends ChannelOutboundHandlerAdapter {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
  private static final int PIECE = 64 * 1024;
  private static final byte[] NO_INPUT = new byte[0];

  /** The level for the next response head written; 0 when it is not compressed. */
  private int pendingLevel;
  /** The stream of the body being compressed; null between compressed responses. */
  private Deflater deflater;
  /** Compressed bytes not yet written (starting with the gzip header); null between compressed responses. */
  private ByteBuf pending;
  private final CRC32 crc = new CRC32();
  private final byte[] out = new byte[8192];

  /** The next response head written starts a compressed body at {@code level} (1 to 9). */
  void compressNext(int level) {
    pendingLevel = level;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    if (msg instanceof HttpResponse head && pendingLevel > 0) {
      start(ctx, pendingLevel);
      pendingLevel = 0;
      if (head instanceof FullHttpResponse full) {
        ctx.write(new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers()),
            ctx.voidPromise());
        compressContent(ctx, full.content(), true, promise);
        full.release();
        return;
      }
      ctx.write(head, promise);
      return;
    }
    if (deflater == null) {
      ctx.write(msg, promise);
      return;
    }
    if (msg instanceof HttpContent content) {
      try {
        compressContent(ctx, content.content(), content instanceof LastHttpContent, promise);
      } finally {
        content.release();
      }
    } else if (msg instanceof FileRegion region) {
      try {
        compressRegion(ctx, region);
      } finally {
        region.release();
      }
      writePending(ctx, promise);
    } else if (msg instanceof ByteBuf part) {
      try {
        if (part.isReadable()) {
          feed(part.nioBuffer(), Deflater.NO_FLUSH);
        }
      } finally {
        part.release();
      }
      writePending(ctx, promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  private void start(ChannelHandlerContext ctx, int level) {
    end();
    deflater = new Deflater(level, true);
    crc.reset();
    pending = ctx.alloc().buffer(PIECE / 4);
    pending.writeBytes(HEADER);
  }

  private void compressContent(ChannelHandlerContext ctx, ByteBuf body, boolean last, ChannelPromise promise) {
    if (body.isReadable()) {
      feed(body.nioBuffer(), Deflater.NO_FLUSH);
    }
    if (!last) {
      deflate(Deflater.SYNC_FLUSH);
      writePending(ctx, promise);
      return;
    }
    deflater.finish();
    while (!deflater.finished()) {
      deflate(Deflater.NO_FLUSH);
    }
    pending.writeIntLE((int) crc.getValue());
    pending.writeIntLE((int) deflater.getBytesRead());
    ByteBuf tail = pending;
    pending = null;
    end();
    ctx.write(new DefaultLastHttpContent(tail), promise);
  }

  /** Gives {@code input} to the deflater and runs it until all of it is consumed. */
  private void feed(ByteBuffer input, int flush) {
    crc.update(input.duplicate());
    deflater.setInput(input);
    do {
      deflate(flush);
    } while (!deflater.needsInput());
    // The deflater keeps the buffer it was given; the caller reuses or frees it, so let go of it now.
    deflater.setInput(NO_INPUT);
  }

  /** Moves the deflater's output into {@link #pending} until it has no more for the input given so far. */
  private void deflate(int flush) {
    int n;
    do {
      n = deflater.deflate(out, 0, out.length, flush);
      pending.writeBytes(out, 0, n);
    } while (n == out.length);
  }

  /** Writes {@link #pending} as one content if it holds anything, else completes {@code promise}. */
  private void writePending(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (!pending.isReadable()) {
      promise.trySuccess();
      return;
    }
    ByteBuf piece = pending;
    pending = ctx.alloc().buffer(PIECE / 4);
    ctx.write(new DefaultHttpContent(piece), promise);
  }

  /** Reads a file region through the deflater, writing a content each time {@link #PIECE} bytes are ready. */
  private void compressRegion(ChannelHandlerContext ctx, FileRegion region) throws IOException {
    WritableByteChannel sink = new WritableByteChannel() {
      @Override
      public int write(ByteBuffer src) {
        int n = src.remaining();
        feed(src, Deflater.NO_FLUSH);
        src.position(src.limit());
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
    while (region.transferred() < region.count()) {
      long n = region.transferTo(sink, region.transferred());
      if (n <= 0) {
        throw new IOException("file ended before the " + region.count() + " bytes to send");
      }
      if (pending.readableBytes() >= PIECE) {
        writePending(ctx, ctx.voidPromise());
      }
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    end();
  }

  private void end() {
    if (deflater != null) {
      deflater.end();
      deflater = null;
    }
    if (pending != null) {
      pending.release();
      pending = null;
    }
  }
}
