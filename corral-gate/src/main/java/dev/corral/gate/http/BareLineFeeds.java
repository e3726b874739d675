package dev.corral.gate.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Puts a CR before each bare LF of a request head, so that Netty's strict line parser reads a head whose lines end
 * with LF alone (RFC 9112 §2.2: a recipient MAY recognize a single LF as a line terminator; nginx does). Only the
 * head is touched: the scan stops at the empty line that ends it, and the bytes after it are copied unchanged, so
 * a body and its chunk framing are parsed as strictly as ever. Heads without a bare LF — every request of a
 * conforming client — cost one scan of the head's bytes and no copy. Stateless.
 */
final class BareLineFeeds {
  private BareLineFeeds() {}

  /**
   * A copy of a buffer's readable bytes with CRs inserted, and where they were inserted, to map what the parser
   * consumed of the copy back to the original. The caller owns (and releases) {@link #buffer()}.
   */
  static final class Normalized {
    private final ByteBuf buffer;
    private final int[] inserted;

    private Normalized(ByteBuf buffer, int[] inserted) {
      this.buffer = buffer;
      this.inserted = inserted;
    }

    ByteBuf buffer() {
      return buffer;
    }

    /**
     * The number of original bytes that the first {@code consumed} bytes of the copy stand for. The parser consumes
     * whole lines, so {@code consumed} never falls between an inserted CR and its LF.
     */
    int originalLength(int consumed) {
      int before = 0;
      while (before < inserted.length && inserted[before] < consumed) {
        before++;
      }
      return consumed - before;
    }
  }

  /**
   * Scans the head that starts at {@code in}'s reader index (a line start while a head is being read: Netty
   * consumes whole lines there) up to the empty line ending it, or to the end of what has arrived.
   *
   * @param started whether the request line was consumed by an earlier call (empty lines before it are skipped by
   *     the parser and do not end the head)
   * @return null if the scanned part has no bare LF, else the normalized copy of all of {@code in}'s readable bytes
   */
  static Normalized normalize(ByteBuf in, boolean started, ByteBufAllocator alloc) {
    int from = in.readerIndex();
    int end = in.writerIndex();
    int headEnd = end;
    int bare = 0;
    boolean lineEmpty = true;
    boolean seen = started;
    for (int i = from; i < end; i++) {
      byte b = in.getByte(i);
      if (b == '\n') {
        if (i == from || in.getByte(i - 1) != '\r') {
          bare++;
        }
        if (lineEmpty && seen) {
          headEnd = i + 1;
          break;
        }
        lineEmpty = true;
      } else if (b != '\r') {
        lineEmpty = false;
        seen = true;
      }
    }
    if (bare == 0) {
      return null;
    }
    ByteBuf copy = alloc.buffer(end - from + bare);
    int[] inserted = new int[bare];
    int n = 0;
    for (int i = from; i < headEnd; i++) {
      byte b = in.getByte(i);
      if (b == '\n' && (i == from || in.getByte(i - 1) != '\r')) {
        inserted[n++] = copy.writerIndex();
        copy.writeByte('\r');
      }
      copy.writeByte(b);
    }
    copy.writeBytes(in, headEnd, end - headEnd);
    return new Normalized(copy, n == bare ? inserted : Arrays.copyOf(inserted, n));
  }
}
