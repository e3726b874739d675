package dev.corral.gate.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * Copies of the request body already sent upstream, kept so that a retry can send it again (nginx buffers request
 * bodies for the same reason). The copies are retained duplicates: they share the bytes of the original buffers,
 * so keeping them costs a reference count, not a copy. Once the body exceeds {@link #LIMIT} bytes every copy is
 * dropped and the buffer stays unreplayable: a larger body streams without a copy and is not retried.
 *
 * <p>Confined to the client connection's event loop, like the {@link ProxyCall} that owns it.
 */
final class ReplayBuffer {
  /** Bytes of request body kept for retries. */
  static final int LIMIT = 64 * 1024;

  /** Created on the first copy (a bodyless request keeps none). */
  private ArrayDeque<HttpContent> copies;
  /** Bytes held in {@link #copies}; at most {@link #LIMIT}. */
  private long bytes;
  private boolean replayable = true;

  /** Keeps a copy of {@code content}, which is about to be sent; past the limit, drops everything for good. */
  void keep(HttpContent content) {
    if (!replayable) {
      return;
    }
    int size = content.content().readableBytes();
    if (content == LastHttpContent.EMPTY_LAST_CONTENT) {
      // Nothing to copy: a retry writes the end itself when no copy carries it.
      return;
    }
    if (bytes + size <= LIMIT) {
      if (copies == null) {
        copies = new ArrayDeque<>(4);
      }
      copies.add(content.retainedDuplicate());
      bytes += size;
    } else {
      replayable = false;
      release();
    }
  }

  /** Whether everything sent so far is still held. */
  boolean replayable() {
    return replayable;
  }

  /**
   * Writes (without flushing) a copy of everything held to {@code ch}, for a retry.
   *
   * @return whether the end of the body was among what was written
   */
  boolean writeTo(Channel ch) {
    boolean endWritten = false;
    if (copies == null) {
      return false;
    }
    for (HttpContent copy : copies) {
      endWritten |= copy instanceof LastHttpContent;
      ch.write(copy.retainedDuplicate(), ch.voidPromise());
    }
    return endWritten;
  }

  /** Releases every copy held. */
  void release() {
    HttpContent c;
    while (copies != null && (c = copies.poll()) != null) {
      c.release();
    }
    bytes = 0;
  }
}
